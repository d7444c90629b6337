"""Example (not tested here): the nightly Fission run as an Airflow DAG of the four stage commands
(docs/scaling.md). Every task is a shell command on workers that share /data (NFS or a mounted bucket); with
KubernetesPodOperator instead of BashOperator the same commands run as pods (Distributed/kubernetes/).

extract is mapped over file groups (dynamic task mapping), reduce over shards; retries are safe because every stage
writes its partial under a temporary name and renames it, and finalize publishes in one transaction."""
import shlex
from datetime import datetime, timedelta

from airflow import DAG
from airflow.decorators import task
from airflow.operators.bash import BashOperator

CONFIG = "/data/pipeline.json"
WORK = "/data/work/{{ ds }}"
SHARDS = 8
FILES_PER_TASK = 64
AS_OF = "{{ data_interval_end.isoformat() }}"
NOW = "{{ dag_run.start_date.isoformat() }}"  # one clock for the run: extract screens future timestamps against it

with DAG("fission_nightly", start_date=datetime(2025, 6, 1), schedule="0 2 * * *", catchup=False,
         default_args={"retries": 3, "retry_delay": timedelta(minutes=2)}) as dag:

    @task
    def file_groups():
        import subprocess
        files = subprocess.run(["fission", "inputs", CONFIG], check=True, capture_output=True, text=True).stdout.splitlines()
        return [" ".join(shlex.quote(f) for f in files[i:i + FILES_PER_TASK]) for i in range(0, len(files), FILES_PER_TASK)]

    extract = BashOperator.partial(task_id="extract").expand(
        bash_command=file_groups().map(
            lambda group: f"fission extract {CONFIG} --file {group} --now {NOW} "
                          f"--out {WORK}/extract/$(echo {shlex.quote(group)} | sha256sum | cut -c1-20).partial"))

    resolve = BashOperator(
        task_id="resolve",
        bash_command=f"fission resolve {CONFIG} --partials {WORK}/extract/*.partial --shards {SHARDS} "
                     f"--out {WORK}/identity.partial --as-of {AS_OF} --now {NOW}")

    reduce = BashOperator.partial(task_id="reduce").expand(
        bash_command=[f"fission reduce {CONFIG} --identity {WORK}/identity.partial --shard {i}/{SHARDS} "
                      f"--partials {WORK}/extract/*.partial --out {WORK}/reduced/shard-{i}.partial --as-of {AS_OF}"
                      for i in range(SHARDS)])

    # Exit 4: published, with warnings about damaged or skipped inputs (run_warnings): not a failure to retry.
    finalize = BashOperator(
        task_id="finalize",
        bash_command=f"fission finalize {CONFIG} --identity {WORK}/identity.partial "
                     f"--reduced {WORK}/reduced/*.partial --as-of {AS_OF} || [ $? -eq 4 ]")

    extract >> resolve >> reduce >> finalize
