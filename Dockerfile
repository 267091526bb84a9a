# syntax=docker/dockerfile:1
# meshdoc image: Node 24 running the TypeScript sources directly (type stripping), plus a pinned
# istioctl built from the Go module proxy with the same wrapper module the integration tests use
# (tools/cluster/istio), so `istioctl version` in the image matches what CI tested.

FROM golang:1.26-bookworm AS istioctl
WORKDIR /src
COPY tools/cluster/istio/go.mod tools/cluster/istio/go.sum ./
# Istio 1.28.2 (pseudo-version of the tag's commit; Istio tags have no "v" prefix).
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X istio.io/istio/pkg/version.buildVersion=1.28.2 -X istio.io/istio/pkg/version.buildTag=1.28.2 -X istio.io/istio/pkg/version.buildHub=docker.io/istio -X istio.io/istio/pkg/version.buildStatus=Clean" \
      -o /out/istioctl istio.io/istio/istioctl/cmd/istioctl \
 && /out/istioctl version --remote=false

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` bundles the CLI with esbuild, a dev dependency the image does not
# install; the image runs the bot from its sources (and the CLI too, when exec-ed into).
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=istioctl /out/istioctl /usr/local/bin/istioctl
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY demo ./demo
COPY demo-metrics ./demo-metrics
# Non-root, read-only root filesystem friendly: nothing is written at run time.
USER 10001:10001
# 9090: /healthz and /metrics (MESHDOC_HEALTH_PORT); 3000: Slack's request URL in HTTP mode only (PORT).
EXPOSE 9090 3000
ENTRYPOINT ["node", "src/main.ts"]
