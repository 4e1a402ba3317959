# One image, two roles: `docker run IMAGE api` serves HTTP, `docker run IMAGE worker` runs the Temporal
# worker (deploy/entrypoint.sh). See deploy/README.md. The base image is pinned to a Node 20 release.

# ---- build: compile TypeScript to dist/ and bundle the workflows once --------------------------
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# swagger-ui-dist's install script would phone home (@scarf/scarf); builds stay offline-friendly.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Compiles (and type-checks) everything the entrypoints import: tsconfig.build.json lists them.
RUN npx tsc -p tsconfig.build.json
# The worker loads this through WORKFLOW_BUNDLE_PATH, so webpack never runs when a container starts.
RUN npx tsx tools/build-workflow-bundle.ts dist/workflow-bundle.js
# The browser console (Vite, console/dist): served at /console; nothing is fetched from the internet at run time.
RUN npx vite build --config console/vite.config.ts

# ---- runtime: production dependencies, compiled code, non-root --------------------------------
FROM node:20.20.2-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY deploy/entrypoint.sh deploy/healthcheck.js ./deploy/
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    PORT=10040
# The code and dependencies stay root-owned and read-only to the service user.
USER node
EXPOSE 10040
ENTRYPOINT ["/bin/sh", "/app/deploy/entrypoint.sh"]
CMD ["api"]
