"""Starts ivs-local (the binary) on 127.0.0.1 and hands out AWS clients bound to it.

Nothing may leave 127.0.0.1: every client gets an explicit endpoint, dummy
credentials test/test, no instance metadata, and no shared config files.
"""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import tempfile
import urllib.request

import boto3
import botocore.session
import pytest
from botocore.config import Config

import model_cases

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
BINARY = os.environ.get("IVS_LOCAL_BIN", str(REPO / "target" / "debug" / "ivs-local"))
REGION = "us-west-2"
ACCOUNT = "123456789012"
IN_USE_ARN = f"arn:aws:ivs:{REGION}:{ACCOUNT}:recording-configuration/InUse0001"

# Isolation from the machine's AWS set-up, before any client exists.
_isolation = tempfile.mkdtemp(prefix="ivs-conformance-")
CONFIG_FILE = pathlib.Path(_isolation, "config")
# The CLI validates parameters itself unless told not to, as the boto3 clients here are.
CONFIG_FILE.write_text(f"[default]\nregion = {REGION}\nparameter_validation = false\n")
for name in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IVS"]:
    os.environ.pop(name, None)
os.environ.update(
    {
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": str(CONFIG_FILE),
        "AWS_SHARED_CREDENTIALS_FILE": str(pathlib.Path(_isolation, "credentials")),
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
    }
)

SERVICE_MODEL = botocore.session.get_session().get_service_model("ivs")


class IvsLocal:
    """One ivs-local process: `--port 0`, endpoint read from its `listening on` line."""

    def __init__(self, *args: str, seed: dict | None = None):
        command = [BINARY, "--port", "0", "--quiet", *args]
        if seed is not None:
            seed_file = pathlib.Path(tempfile.mkdtemp(prefix="ivs-seed-"), "seed.json")
            seed_file.write_text(json.dumps(seed))
            command += ["--seed", str(seed_file)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on http://127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"ivs-local did not start: {line!r} {self.process.stderr.read()}")
        self.endpoint = line.removeprefix("listening on ")

    def client(self, region: str = REGION):
        return boto3.session.Session(
            aws_access_key_id="test", aws_secret_access_key="test", region_name=region
        ).client(
            "ivs",
            endpoint_url=self.endpoint,
            config=Config(parameter_validation=False, retries={"total_max_attempts": 1, "mode": "standard"}),
        )

    def inject_fault(self, fault: dict) -> None:
        request = urllib.request.Request(
            f"{self.endpoint}/_ivs_local/faults", data=json.dumps(fault).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        assert code == 0, f"ivs-local exited {code}"


@pytest.fixture(scope="session")
def server():
    seed = {
        "recordingConfigurations": [
            {"arn": IN_USE_ARN, "inUseByChannel": True, "destinationConfiguration": {"s3": {"bucketName": "in-use"}}}
        ]
    }
    # Every case makes its resources: quotas far above AWS's (3 key pairs, 5,000 channels).
    big = [f"{kind}=100000" for kind in ("recording-configuration", "channel", "playback-key")]
    instance = IvsLocal(*(arg for quota in big for arg in ("--quota", quota)), seed=seed)
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def ivs(server):
    return server.client()


# Operations that need their channel on air: those that may answer ChannelNotBroadcasting, and
# GetStreamSession, whose base request asks for the channel's latest session.
LIVE_OPERATIONS = {
    name
    for name in model_cases.OPERATIONS
    if any(e.name == "ChannelNotBroadcasting" for e in SERVICE_MODEL.operation_model(name).error_shapes)
} | {"GetStreamSession"}


def go_live(client, channel_arn: str, **stream) -> dict:
    """Puts a channel on air through ivs-local's streams hook (unsigned, like every hook)."""
    body = json.dumps({"channelArn": channel_arn, **stream}).encode()
    url = f"{client.meta.endpoint_url}/_ivs_local/streams"
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"), timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read())["stream"]


class Fresh:
    """Resources of their own for each test (Delete and tagging change theirs), by ARN
    resource type, made when a test first asks for the kind: a recording configuration, a
    playback restriction policy, a playback key pair, an ad and a failover slate
    configuration, a
    channel without its stream key (so that CreateStreamKey fits AWS's one key per channel,
    and either the channel or a recording configuration can be deleted), and a stream key
    (of a channel of its own). For the operations of live state the channel is on air."""

    def __init__(self, ivs, live: bool = False):
        self.ivs = ivs
        self.live = live
        self.made: dict[str, str] = {}

    def _make(self, resource_type: str) -> str:
        ivs = self.ivs
        if resource_type == "recording-configuration":
            made = ivs.create_recording_configuration(destinationConfiguration={"s3": {"bucketName": "conformance"}})
            return made["recordingConfiguration"]["arn"]
        if resource_type == "channel":
            made = ivs.create_channel(name="conformance")
            ivs.delete_stream_key(arn=made["streamKey"]["arn"])
            if self.live:
                go_live(ivs, made["channel"]["arn"])
            return made["channel"]["arn"]
        if resource_type == "playback-restriction-policy":
            return ivs.create_playback_restriction_policy(name="conformance")["playbackRestrictionPolicy"]["arn"]
        if resource_type == "playback-key":
            made = ivs.import_playback_key_pair(publicKeyMaterial=model_cases.KEY_MATERIAL, name="conformance")
            return made["keyPair"]["arn"]
        if resource_type == "ad-configuration":
            tailor = f"arn:aws:mediatailor:{REGION}:{ACCOUNT}:playbackConfiguration/conformance"
            made = ivs.create_ad_configuration(mediaTailorPlaybackConfigurations=[{"playbackConfigurationArn": tailor}])
            return made["adConfiguration"]["arn"]
        if resource_type == "failover-slate-configuration":
            return ivs.create_failover_slate_configuration(name="conformance")["failoverSlateConfiguration"]["arn"]
        if resource_type == "stream-key":
            return ivs.create_channel(name="conformance-key")["streamKey"]["arn"]
        raise KeyError(resource_type)

    def __contains__(self, resource_type: str) -> bool:
        return resource_type in SERVED

    def __getitem__(self, resource_type: str) -> str:
        if resource_type not in self.made:
            self.made[resource_type] = self._make(resource_type)
        return self.made[resource_type]


# The ARN resource types Fresh makes: stand-ins of other kinds stay as they are.
SERVED = (
    "recording-configuration",
    "channel",
    "stream-key",
    "playback-restriction-policy",
    "playback-key",
    "ad-configuration",
    "failover-slate-configuration",
)


@pytest.fixture
def fresh_arn(ivs, request):
    # The test's operation, from its parameters: a case, or the operation's name.
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    case = params.get("case")
    operation = case.operation if case is not None else params.get("operation")
    return Fresh(ivs, live=operation in LIVE_OPERATIONS)


COUNTS: dict[str, int] = {}


def pytest_report_header(config):
    generator = model_cases.generated(SERVICE_MODEL)
    return list(model_cases.summary(generator.cases, generator.skipped))


def pytest_collection_finish(session):
    # After -k/-m deselection: what will actually run.
    for item in session.items:
        group = getattr(item, "originalname", item.name)
        COUNTS[group] = COUNTS.get(group, 0) + 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    generator = model_cases.generated(SERVICE_MODEL)
    for line in model_cases.summary(generator.cases, generator.skipped):
        terminalreporter.write_line(line)
    terminalreporter.write_line(
        f"conformance: {sum(COUNTS.values())} cases selected to run: "
        + ", ".join(f"{name} {count}" for name, count in sorted(COUNTS.items()))
    )
