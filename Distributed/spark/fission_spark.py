#!/usr/bin/env python3
"""Runs a Fission pipeline on Apache Spark, as stages of the `fission` binary (docs/scaling.md).

    spark-submit --master MASTER --files /path/to/fission,/path/to/pipeline.json \\
        Distributed/spark/fission_spark.py --config pipeline.json --work WORK_URI --shards N \\
        [--output DB] [--as-of TIME] [--files-per-task K] [--inputs-from LIST]

1. The driver lists the inputs (`fission inputs`, or --inputs-from: one URI per line).
2. extract: the inputs in groups of K, one Spark partition per group; each task pipes its group to
   `fission extract` (mapPartitions) and yields the partial it wrote under WORK/extract/, named by the group's content,
   so a retried or speculative task rewrites the same file (atomically, by rename).
3. resolve: one task over all extract partials → WORK/identity.partial, with each person's shard.
4. reduce: the partial paths are shuffled by shard (groupByKey into N partitions); each shard's task runs
   `fission reduce --shard i/N` → WORK/reduced/shard-i.partial.
5. finalize runs on the driver and publishes the reports into DB (the config's database unless --output).

The binary and the config are shipped with --files and found with SparkFiles.get, by absolute path; every stage runs
with an explicit environment and dies with the task that started it; a failing exit fails the task with the stage's
stderr, and Spark retries it. The driver pins one clock (--now) for the run. It exits with finalize's code: 0, or 4
when the reports were published with warnings about the inputs (damaged or skipped files), as `fission run` does.

URIs: plain paths and file:// are used in place (all executors must see them: one machine, or NFS). Other schemes
(hdfs://, s3a://, gs://, abfs://) are copied to and from task-local scratch with `hadoop fs` (the Hadoop client must
be on the executors' PATH) and recorded under their URIs; this path is documented but not tested here.
"""
import argparse
import ctypes
import datetime
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def is_local(uri):
    scheme = urlparse(uri).scheme
    return scheme in ("", "file")


def local_path(uri):
    return urlparse(uri).path if uri.startswith("file:") else uri


def join(uri, *parts):
    return uri.rstrip("/") + "/" + "/".join(parts)


def fetch(uri, scratch):
    """A local path holding the file at `uri` (copied into `scratch` unless it is local)."""
    if is_local(uri):
        return local_path(uri)
    target = os.path.join(scratch, hashlib.sha1(uri.encode()).hexdigest()[:16] + "-" + os.path.basename(urlparse(uri).path))
    subprocess.run(["hadoop", "fs", "-copyToLocal", "-f", uri, target], check=True)
    return target


def publish(local, uri):
    """Puts the finished local file `local` at `uri` (for local URIs the stage already wrote it there)."""
    if not is_local(uri):
        subprocess.run(["hadoop", "fs", "-copyFromLocal", "-f", local, uri], check=True)


def stage_environment():
    """An explicit environment: no inherited TZ, locale or library path changes what the binary computes."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC",
            "HOME": tempfile.gettempdir()}


_executable = {}


def binary(name):
    """The shipped binary's absolute path, executable (SparkFiles may not keep the mode bits; one copy per process)."""
    if name not in _executable:
        path = os.path.abspath(SparkFiles.get(name))
        if not os.access(path, os.X_OK):
            copy = os.path.join(tempfile.mkdtemp(prefix="fission-bin-"), name)
            shutil.copy(path, copy)
            os.chmod(copy, 0o755)
            path = copy
        _executable[name] = path
    return _executable[name]


def die_with_parent():
    """In the child, before exec: SIGKILL it when the Python worker that started it dies (a task Spark kills)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except OSError:
        pass


# Exit codes: 0 ok; 4 published, with warnings about the inputs (finalize). Anything else fails the task.
OK_EXITS = {"finalize": (0, 4)}


def run_stage(settings, stage, args, on_driver=False):
    """Runs `fission <stage> <config> args…`; an exit other than success raises, failing the Spark task. On the driver
    the config is read where it was given, so its relative paths (inputs, database, report page) mean what they say."""
    config = settings["driver_config"] if on_driver else os.path.abspath(SparkFiles.get(settings["config"]))
    command = [binary(settings["binary"]), stage, config] + args
    if settings.get("as_of") and stage in ("resolve", "reduce", "finalize"):
        command += ["--as-of", settings["as_of"]]
    if stage in ("extract", "resolve"):
        command += ["--now", settings["now"]]  # one clock for the whole run
    done = subprocess.run(command, env=stage_environment(), capture_output=True, text=True, preexec_fn=die_with_parent)
    if done.returncode not in OK_EXITS.get(stage, (0,)):
        raise RuntimeError(f"fission {stage} exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done


def extract_partition(settings):
    def run(index, groups):
        for group in groups:
            name = "part-" + hashlib.sha256("\n".join(sorted(group)).encode()).hexdigest()[:20] + ".partial"
            out_uri = join(settings["work"], "extract", name)
            scratch = tempfile.mkdtemp(prefix="fission-extract-")
            try:
                marker = settings.get("marker_dir")
                if marker:  # test hook: lets the worker-kill test see which executor runs an extract task
                    with open(os.path.join(marker, f"extract-{index}-{os.getpid()}"), "w") as f:
                        f.write(str(os.getppid()))
                delay = settings.get("extract_delay", 0)
                if delay:
                    time.sleep(delay)
                out = local_path(out_uri) if is_local(out_uri) else os.path.join(scratch, name)
                list_file = os.path.join(scratch, "files.txt")
                with open(list_file, "w") as f:
                    for uri in group:
                        # A fetched copy is recorded under its URI, so the ledger and path order are the listing's.
                        local = fetch(uri, scratch)
                        f.write(local + "\n" if is_local(uri) else f"{local}\t{uri}\n")
                run_stage(settings, "extract", ["--files-from", list_file, "--out", out])
                publish(out, out_uri)
                yield out_uri
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    return run


def resolve_task(settings):
    def run(partials):
        scratch = tempfile.mkdtemp(prefix="fission-resolve-")
        try:
            local = [fetch(p, scratch) for p in partials]
            out_uri = join(settings["work"], "identity.partial")
            out = local_path(out_uri) if is_local(out_uri) else os.path.join(scratch, "identity.partial")
            list_file = os.path.join(scratch, "partials.txt")
            with open(list_file, "w") as f:
                f.write("\n".join(local) + "\n")
            run_stage(settings, "resolve", ["--partials-from", list_file, "--shards", str(settings["shards"]), "--out", out])
            publish(out, out_uri)
            return out_uri
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return run


def reduce_task(settings, identity_uri):
    def run(shard_and_partials):
        shard, partials = shard_and_partials
        scratch = tempfile.mkdtemp(prefix="fission-reduce-")
        try:
            identity = fetch(identity_uri, scratch)
            local = [fetch(p, scratch) for p in sorted(set(partials))]
            name = f"shard-{shard}.partial"
            out_uri = join(settings["work"], "reduced", name)
            out = local_path(out_uri) if is_local(out_uri) else os.path.join(scratch, name)
            list_file = os.path.join(scratch, "partials.txt")
            with open(list_file, "w") as f:
                f.write("\n".join(local) + "\n")
            run_stage(settings, "reduce", ["--identity", identity, "--shard", f"{shard}/{settings['shards']}",
                                           "--partials-from", list_file, "--out", out])
            publish(out, out_uri)
            return out_uri
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, help="the pipeline config (also shipped with --files)")
    parser.add_argument("--binary", default="fission", help="name of the shipped binary (default fission)")
    parser.add_argument("--work", required=True, help="URI of the folder for partials")
    parser.add_argument("--shards", type=int, default=4, help="person shards (reduce tasks)")
    parser.add_argument("--files-per-task", type=int, default=8, help="input files per extract task")
    parser.add_argument("--output", help="database to publish into (default: the config's)")
    parser.add_argument("--as-of", help="RFC 3339 instant, as for fission run")
    parser.add_argument("--inputs-from", help="file listing the input URIs, one per line (default: fission inputs)")
    parser.add_argument("--test-extract-delay", type=float, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--test-marker-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("fission").getOrCreate()
    sc = spark.sparkContext
    config_name = os.path.basename(args.config)
    settings = {"binary": args.binary, "config": config_name, "driver_config": os.path.abspath(args.config), "work": args.work, "shards": args.shards,
                "as_of": args.as_of, "extract_delay": args.test_extract_delay, "marker_dir": args.test_marker_dir}
    started = time.time()
    # The run's clock, pinned once: every extract screens future timestamps against it, and resolve (then finalize)
    # takes the run date from it when there is no --as-of.
    settings["now"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")

    if args.inputs_from:
        with open(args.inputs_from) as f:
            inputs = [line.rstrip("\n") for line in f if line.strip()]
    else:
        inputs = [line for line in run_stage(settings, "inputs", [], on_driver=True).stdout.splitlines() if line]
    groups = [inputs[i:i + args.files_per_task] for i in range(0, len(inputs), args.files_per_task)]
    print(f"fission-spark: {len(inputs)} inputs in {len(groups)} extract tasks, {args.shards} shards", file=sys.stderr)

    partials = sc.parallelize(groups, max(len(groups), 1)).mapPartitionsWithIndex(extract_partition(settings)).collect()
    extracted = time.time()
    identity = sc.parallelize([sorted(partials)], 1).map(resolve_task(settings)).collect()[0]
    resolved = time.time()
    reduced = (sc.parallelize(sorted(partials), max(len(partials), 1))
               .flatMap(lambda p: [(s, p) for s in range(args.shards)])
               .groupByKey(args.shards)
               .map(reduce_task(settings, identity))
               .collect())
    reduced_at = time.time()

    scratch = tempfile.mkdtemp(prefix="fission-finalize-")
    try:
        local_identity = fetch(identity, scratch)
        local_reduced = [fetch(r, scratch) for r in sorted(reduced)]
        finalize = ["--identity", local_identity, "--reduced"] + local_reduced + ["--quiet"]
        if args.output:
            finalize += ["--output", args.output]
        done = run_stage(settings, "finalize", finalize, on_driver=True)
        sys.stderr.write(done.stderr)
        sys.stdout.write(done.stdout)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    finished = time.time()
    print(f"fission-spark: extract {extracted - started:.1f} s, resolve {resolved - extracted:.1f} s, "
          f"reduce {reduced_at - resolved:.1f} s, finalize {finished - reduced_at:.1f} s", file=sys.stderr)
    spark.stop()
    # finalize's exit code: 0, or 4 when it published with warnings about the inputs (as fission run).
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
