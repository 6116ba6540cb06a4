# agentperf as a container image for sharded runs (`agentperf k8s`).
# Build: docker build -t agentperf .   Run: docker run --rm agentperf run --help
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
# npm ci runs `prepare`, which builds dist/; then only runtime dependencies are kept.
RUN npm ci && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production NO_COLOR=1
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
# The official image's unprivileged user (uid 1000), which the manifests' runAsUser expects.
USER node
WORKDIR /home/node
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["--help"]
