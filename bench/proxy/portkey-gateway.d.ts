/** The gateway's Node start script: importing it starts the server (it exports nothing). */
declare module "@portkey-ai/gateway/build/start-server.js";
