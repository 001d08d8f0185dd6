export { EmbeddedDns, type EmbeddedDnsOptions } from './resolver.js';
export { hostResolvers, parseResolvConf, type ResolvConf } from './upstream.js';
