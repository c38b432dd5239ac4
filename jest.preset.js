const nxPreset = require('@nx/jest/preset').default;

// Nx's preset runs tests in jsdom; a NestJS service and its tests run on Node.
module.exports = { ...nxPreset, testEnvironment: 'node' };
