"""The earlier Python solution, rebuilt from its write-up (../shared/SEED-SOLUTION.md) as the
baseline of bench/tier-benchmark.sh. Not part of the product: it exists so that the Java API tier
and the design it replaces are measured in the same run, on the same machine.

What the write-up describes, and this file does:
- GET /api/data: 5 reads from a two-level cache (process memory, then a Redis key; 5-minute TTL),
  the 5 documents queued as one Redis Stream entry (XADD MAXLEN ~ MAX_QUEUE_SIZE), answered at once;
- WRITE_WORKERS background tasks per process: XREADGROUP batches of BATCH_SIZE documents,
  insert_many(ordered=False) into MongoDB, XACK;
- served by gunicorn with 2 Uvicorn workers.
"""
import asyncio
import json
import os
import random
import socket
import string
import time
from datetime import datetime, timezone

import redis.asyncio as aioredis
from bson import ObjectId
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from motor.motor_asyncio import AsyncIOMotorClient

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379")
MONGO_URI = os.environ.get("MONGO_URI", "mongodb://localhost:27017")
CACHE_TTL = int(os.environ.get("CACHE_TTL", "300"))
BATCH_SIZE = int(os.environ.get("BATCH_SIZE", "200"))
BATCH_TIMEOUT_MS = int(os.environ.get("BATCH_TIMEOUT_MS", "50"))
WRITE_WORKERS = int(os.environ.get("WRITE_WORKERS", "4"))
MAX_QUEUE_SIZE = int(os.environ.get("MAX_QUEUE_SIZE", "200000"))
STREAM, GROUP, CACHE_KEY = "seed_write_queue", "seed_writers", "seed_read_cache"
ALPHABET = string.ascii_letters + string.digits

app = FastAPI()
state = {"local": None, "local_until": 0.0, "tasks": []}


def now_iso():
    return datetime.now(timezone.utc).isoformat()


@app.on_event("startup")
async def startup():
    state["redis"] = aioredis.from_url(REDIS_URL, max_connections=200)
    state["mongo"] = AsyncIOMotorClient(MONGO_URI, maxPoolSize=200)
    state["records"] = state["mongo"]["assessmentdb"]["records"]
    try:
        await state["redis"].xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    except aioredis.ResponseError:
        pass  # the group exists
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    state["tasks"] = [asyncio.create_task(write_worker(f"{consumer}-{i}")) for i in range(WRITE_WORKERS)]


async def write_worker(consumer):
    r, records = state["redis"], state["records"]
    while True:
        try:
            replies = await r.xreadgroup(GROUP, consumer, {STREAM: ">"}, count=max(1, BATCH_SIZE // 5),
                                         block=BATCH_TIMEOUT_MS)
            for _, messages in replies or []:
                docs, ids = [], []
                for message_id, fields in messages:
                    ids.append(message_id)
                    for doc in json.loads(fields[b"docs"]):
                        doc["_id"] = ObjectId(doc["_id"])
                        doc["timestamp"] = datetime.fromtimestamp(doc["timestamp"], timezone.utc)
                        docs.append(doc)
                if docs:
                    try:
                        await records.insert_many(docs, ordered=False)
                    except Exception:
                        pass  # duplicates on redelivery
                    await r.xack(STREAM, GROUP, *ids)
                    await r.set(CACHE_KEY, ",".join(str(d["_id"]) for d in docs[-5:]), ex=CACHE_TTL)
        except asyncio.CancelledError:
            raise
        except Exception:
            await asyncio.sleep(0.1)


async def cached_reads():
    if state["local"] and time.monotonic() < state["local_until"]:
        return state["local"], True
    value = await state["redis"].get(CACHE_KEY)
    if value:
        ids = value.decode().split(",")
        state["local"], state["local_until"] = ids, time.monotonic() + CACHE_TTL
        return ids, True
    doc = await state["records"].find_one({"type": "write"})
    return [str(doc["_id"]) if doc else None] * 5, False


@app.get("/healthz")
async def healthz():
    return {"status": "ok", "timestamp": now_iso()}


@app.get("/readyz")
async def readyz():
    await state["redis"].ping()
    return {"status": "ready", "timestamp": now_iso()}


@app.get("/api/data")
async def data():
    try:
        ts = time.time()
        docs = [{"_id": str(ObjectId()), "type": "write", "index": i,
                 "payload": "".join(random.choices(ALPHABET, k=512)), "timestamp": ts} for i in range(5)]
        await state["redis"].xadd(STREAM, {"docs": json.dumps(docs)}, maxlen=MAX_QUEUE_SIZE, approximate=True)
        reads, cached = await cached_reads()
        return {"status": "success", "reads": reads, "writes": [d["_id"] for d in docs], "queued": True,
                "cached": cached, "timestamp": now_iso()}
    except Exception as e:
        return JSONResponse(status_code=500, content={"status": "error", "message": str(e)})


@app.get("/api/stats")
async def stats():
    return {"total_documents": await state["records"].estimated_document_count(), "timestamp": now_iso()}
