// The bridges' NAT and isolation, and published ports' source addresses, are nftables rules in the
// daemon's network namespace: without nft, containers reach nothing beyond their bridge.
import { findBinary } from '../binaries.js';
import { defineCheck } from './check.js';
import { installFix } from './install-fix.js';

export const nftablesCheck = defineCheck({ id: 'nftables', title: 'nftables (container NAT)', blocking: false }, async (ctx) => {
  const path = await findBinary(ctx.host, ctx.user.env, 'nft');
  if (path !== undefined) return { status: 'ok', summary: path };
  return {
    status: 'warn',
    summary: 'nft not found: containers get no route beyond their bridge, and published ports show the bridge\'s address as the client',
    fix: [await installFix(ctx.host, { apt: 'nftables' })],
  };
});
