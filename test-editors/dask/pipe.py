"""Pipe sharded JSONL through `hindi-news recognize -` on a Dask cluster.

    python3 pipe.py NODE CLI OUT SHARD…

Starts a LocalCluster of two worker processes, reads the shards with
dask.bag (one partition per shard), pipes each partition through the command
line as a streaming filter, and writes the output lines, in input order, to
OUT. Prints which worker ran each partition as JSON on stdout.
"""
import json
import subprocess
import sys

import dask.bag as db
from distributed import Client, LocalCluster, get_worker


def main():
    node, cli, out, shards = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

    def recognize(lines):
        # One process per partition, as Spark's RDD.pipe and Hadoop Streaming run it.
        proc = subprocess.run([node, cli, "recognize", "-", "--quiet"], input="".join(lines), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"hindi-news exited {proc.returncode}: {proc.stderr}")
        return [(get_worker().address, line) for line in proc.stdout.splitlines(keepends=True)]

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        bag = db.read_text(shards, blocksize=None)  # one partition per shard, lines in file order
        pairs = bag.map_partitions(recognize).compute()
        with open(out, "w", encoding="utf-8") as fh:
            fh.writelines(line for _, line in pairs)
        print(json.dumps({"partitions": bag.npartitions, "workers": sorted({w for w, _ in pairs}), "cluster_workers": len(client.scheduler_info()["workers"])}))


if __name__ == "__main__":
    main()
