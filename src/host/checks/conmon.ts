// conmon monitors each container and keeps it running across daemon restarts.
import { findBinary } from '../binaries.js';
import { defineCheck } from './check.js';
import { installFix } from './install-fix.js';

export const conmonCheck = defineCheck({ id: 'conmon', title: 'conmon', blocking: true }, async (ctx) => {
  const path = await findBinary(ctx.host, ctx.user.env, 'conmon');
  if (path === undefined) return { status: 'fail', summary: 'conmon not found', fix: [await installFix(ctx.host, { apt: 'conmon' })] };
  return { status: 'ok', summary: path };
});
