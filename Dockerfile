# Ticketops application image: one image, the command picks the role (bot or worker).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Chromium for the WhatsApp Web session (whatsapp-web.js drives it); curl for health checks.
RUN apt-get update && apt-get install -y --no-install-recommends chromium curl \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data CHROMIUM_PATH=/usr/bin/chromium
WORKDIR /app
# The build stage's tree minus dev dependencies: dist/ plus what is read at run time from
# the project root (db/migrations, knowledge/, the intent model and its training files).
COPY --from=build /app ./
VOLUME /data
EXPOSE 3000
USER node
ENTRYPOINT ["node", "dist/bot/cli.js"]
CMD ["start"]
