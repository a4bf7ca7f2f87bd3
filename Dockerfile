# syntax=docker/dockerfile:1
# Multi-stage: dependencies (native better-sqlite3 built once), then a slim runtime as a non-root user.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production DATA_DIR=/data SQLITE_PATH=/data/helpdesk.sqlite PORT=3000
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends tini curl && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown node:node /data
COPY --from=deps /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json main.ts ./
COPY --chown=node:node core ./core
COPY --chown=node:node bot ./bot
COPY --chown=node:node admin ./admin
COPY --chown=node:node jobs ./jobs
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "main.ts"]
