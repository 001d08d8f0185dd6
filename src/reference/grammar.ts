// distribution/reference's grammar (regexp.go), piece for piece, so the same strings are accepted.
// No pattern here can backtrack badly: every repeated group starts with a character its
// predecessor cannot end with.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainNameComponent}(?:\\.${domainNameComponent})*|${ipv6address})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const name = `(?:${domainAndPort}/)?${remoteName}`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';

/** Groups: 1 name, 2 tag, 3 digest. */
export const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
export const DOMAIN = new RegExp(`^${domainAndPort}$`);
export const TAG = new RegExp(`^${tag}$`);
/** A bare image ID, which dockerd refuses as a repository name. */
export const IDENTIFIER = /^[a-f0-9]{64}$/;

/** distribution/reference's NameTotalLengthMax, counted over domain and path. */
export const NAME_TOTAL_LENGTH_MAX = 255;
