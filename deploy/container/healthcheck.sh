#!/bin/bash
# orkestra-healthcheck [PORT] [PATH]: exit 0 when GET http://127.0.0.1:PORT/PATH answers
# 200, 1 otherwise. The images' HEALTHCHECK: bash only (no curl in a slim image).
set -u
port=${1:-8080}
path=${2:-/healthz}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case $status in
  "HTTP/1."?" 200 "*) exit 0 ;;
esac
echo "GET $path on port $port: ${status%$'\r'}" >&2
exit 1
