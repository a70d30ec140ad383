# lossd: build with dev dependencies, run with production dependencies and the compiled output only
# (dist/, including the SIMD kernels' dist/kernel/simd/kernels.wasm built from asconfig.json).
# The base is a build argument so that a mirror or a pinned digest can stand in for Docker Hub.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json asconfig.json ./
COPY scripts/build-wasm.mjs ./scripts/
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
WORKDIR /app
# Root owns the code; the server only reads it.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["node", "dist/server/healthcheck.js"]
# node itself is PID 1 (the base image's entrypoint execs it): SIGTERM reaches close-with-grace.
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
