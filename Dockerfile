# syntax=docker/dockerfile:1
# The app container of the sidecar Pod: the built NestJS API on Node 24 LTS, as a non-root user.
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nx.json tsconfig.base.json jest.preset.js eslint.config.mjs ./
COPY libs libs
COPY apps/api apps/api
# Webpack bundles the app and the library into main.js and writes the runtime dependencies'
# package.json and lock file beside it.
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run api:build --skip-nx-cache

FROM node:${NODE_VERSION}-alpine AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/dist/apps/api/package.json /src/dist/apps/api/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/apps/api/main.js ./
# The image's `node` user (uid 1000), matching the chart's securityContext; the app writes nothing.
USER node
ENV PORT=5000
# V8's heap as half the container's memory limit, which Node reads from the cgroup (docs/chart-memory.md).
ENV NODE_OPTIONS=--max-old-space-size-percentage=50
EXPOSE 5000
# The port the app listens on, as configured (PORT), from the shell Docker runs the check in.
HEALTHCHECK --interval=10s --timeout=2s CMD wget -q -O /dev/null "http://127.0.0.1:${PORT}/health/live" || exit 1
CMD ["node", "main.js"]
