import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bridgeRules } from '../../../src/network/netns/bridge.js';
import { dnsRedirectRules } from '../../../src/network/netns/endpoint.js';

const base = { bridge: 'br-0123456789ab', subnet: '172.18.0.0/16', gateway: '172.18.0.1', internal: false, masquerade: true, mtu: 1500 };

test('a bridge\'s table masquerades its subnet out of the namespace and isolates it from other bridges', () => {
  const rules = bridgeRules(base);
  assert.match(rules, /^table ip burrow-br-0123456789ab\ndelete table ip burrow-br-0123456789ab\n/, 'recreated whole, so applying it twice is harmless');
  assert.match(rules, /ip saddr 172\.18\.0\.0\/16 oifname != "br-0123456789ab" masquerade/);
  assert.match(rules, /iifname "br-0123456789ab" oifname "br-\*" oifname != "br-0123456789ab" drop/);
  assert.match(rules, /iifname "br-0123456789ab" oifname "docker0" drop/);
  assert.doesNotMatch(bridgeRules({ ...base, bridge: 'docker0' }), /oifname "docker0" drop/, 'the default bridge does not drop its own traffic');
});

test('--internal drops all forwarding in and out and has no NAT', () => {
  const rules = bridgeRules({ ...base, internal: true });
  assert.doesNotMatch(rules, /masquerade/);
  assert.match(rules, /iifname "br-0123456789ab" oifname != "br-0123456789ab" drop/);
  assert.match(rules, /oifname "br-0123456789ab" iifname != "br-0123456789ab" drop/);
});

test('enable_ip_masquerade=false keeps the isolation and leaves NAT out', () => {
  const rules = bridgeRules({ ...base, masquerade: false });
  assert.doesNotMatch(rules, /masquerade/);
  assert.match(rules, /drop/);
});

test('127.0.0.11:53 is redirected to the network\'s gateway for udp and tcp', () => {
  const rules = dnsRedirectRules('172.18.0.1');
  assert.match(rules, /ip daddr 127\.0\.0\.11 udp dport 53 dnat to 172\.18\.0\.1:53/);
  assert.match(rules, /ip daddr 127\.0\.0\.11 tcp dport 53 dnat to 172\.18\.0\.1:53/);
  assert.match(rules, /ip daddr 172\.18\.0\.1 meta l4proto \{ tcp, udp \} th dport 53 masquerade/);
});
