import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @type {import('next').NextConfig} */
const config = {
  // The shop runs here, next to the Orkestra Checkout proxy; nothing is fetched from the web
  // at build time (no next/font, no remote images).
  poweredByHeader: false,
  // This directory is the app, also inside the Orkestra Checkout repository.
  turbopack: { root: dirname(fileURLToPath(import.meta.url)) },
};

export default config;
