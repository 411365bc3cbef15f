// ssh2's internal crypto module, read only to learn whether its native add-on loaded.
declare module 'ssh2/lib/protocol/crypto.js' {
  const crypto: { readonly bindingAvailable: boolean };
  // eslint-disable-next-line import-x/no-default-export -- a CommonJS module: its exports object is the default
  export default crypto;
}
