/** @type {import('next').NextConfig} */
const config = {
  // The shop runs here, next to the Orkestra Checkout proxy; nothing is fetched from the web
  // at build time (no next/font, no remote images).
  poweredByHeader: false,
};

export default config;
