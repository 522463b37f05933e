#!/usr/bin/env bash
# Starts mongo:7 as a one-node replica set on localhost:27017 and waits until it is primary;
# exits non-zero if it never becomes primary.
set -euo pipefail
docker run -d --name mongo -p 27017:27017 mongo:7 --replSet rs0 --bind_ip_all >/dev/null
for i in $(seq 1 60); do
  if docker exec mongo mongosh --quiet --eval \
    "try { rs.status().ok } catch (e) { rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'localhost:27017' }] }).ok }; db.hello().isWritablePrimary || quit(1)" \
    >/dev/null 2>&1; then
    echo "MongoDB is primary"
    exit 0
  fi
  sleep 2
done
echo "MongoDB never became primary" >&2
docker logs mongo | tail -50 >&2 || true
exit 1
