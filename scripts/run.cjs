// Runs one of the server's entry points in this process: in production (NODE_ENV=production, as
// the image sets) its compiled JavaScript in dist/ (`npm run build`), elsewhere its TypeScript
// source through tsx — so `npm run worker`, `api`, `migrate`, `replay`… mean the same code either way.
// Usage: node scripts/run.cjs <entry without extension, e.g. workers/main> [arguments…]
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const [entry] = process.argv.splice(2, 1); // the entry's own arguments follow, as if it were run directly
if (!entry) {
  console.error('usage: node scripts/run.cjs <entry, e.g. workers/main> [arguments…]');
  process.exit(2);
}
if (process.env.NODE_ENV === 'production') {
  const compiled = path.join(root, 'dist', `${entry}.js`);
  if (!fs.existsSync(compiled)) {
    console.error(`${compiled} is missing: run \`npm run build\` first (production runs the compiled JavaScript)`);
    process.exit(1);
  }
  process.setSourceMapsEnabled(true); // stack traces name the .ts lines
  require(compiled);
} else {
  require('tsx/cjs/api').register();
  require(path.join(root, `${entry}.ts`));
}
