import { buildIfNeeded } from './lib/build-if-needed';

/** `npm run build`: the production build, stamped so `npm start` knows it is current. */
buildIfNeeded((line) => process.stdout.write(`${line}\n`), { force: process.argv.includes('--force') });
