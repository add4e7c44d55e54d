"""ivs-local against botocore's `ivs` model, through boto3 and the AWS CLI.

Every case below is generated from the model (see model_cases.py): its
constraints, its modeled errors, its paginators and its operations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import botocore.session
import pytest
from botocore.exceptions import ClientError

import model_cases
from conftest import IN_USE_ARN, REGION, SERVICE_MODEL, IvsLocal, go_live
from model_cases import EXISTING_ID, existing, method_name

GENERATED = model_cases.generated(SERVICE_MODEL)


def with_arn(params, fresh: dict):
    """`params` with each stand-in for an existing resource replaced by the fresh resource of
    its kind (stand-ins of kinds ivs-local does not serve stay: it takes them as given)."""
    if isinstance(params, dict):
        return {key: with_arn(value, fresh) for key, value in params.items()}
    if isinstance(params, list):
        return [with_arn(value, fresh) for value in params]
    if isinstance(params, str) and params.endswith(f"/{EXISTING_ID}"):
        resource_type = params.rsplit(":", 1)[-1].split("/")[0]
        if resource_type in fresh and params == existing(resource_type):
            return fresh[resource_type]
    return params


def call(client, operation: str, params: dict):
    return getattr(client, method_name(operation))(**params)


def status(response) -> int:
    return response["ResponseMetadata"]["HTTPStatusCode"]


# ---------------------------------------------------------------- constraints


@pytest.mark.parametrize("case", GENERATED.cases, ids=lambda case: case.id)
def test_model_constraint(case, ivs, fresh_arn):
    params = with_arn(case.params, fresh_arn)
    if case.violating:
        with pytest.raises(ivs.exceptions.ValidationException) as raised:
            call(ivs, case.operation, params)
        error = raised.value.response
        assert status(error) == 400
        message = error["Error"]["Message"]
        assert f"at '{case.path}' failed to satisfy constraint" in message, message
        assert message.startswith(("1 validation error detected: ", "2 validation errors detected: ")), message
        return
    try:
        response = call(ivs, case.operation, params)
    except ClientError as error:
        code, message = error.response["Error"]["Code"], error.response["Error"]["Message"]
        if case.lenient == "ResourceNotFoundException" and code == "ResourceNotFoundException":
            return  # a well-formed identifier of no resource: validation passed
        if (
            case.lenient == "ValidationException-not-constraint"
            and code == "ValidationException"
            and "failed to satisfy constraint" not in message
        ):
            return  # a well-formed token the server never issued
        raise
    assert 200 <= status(response) < 300


# ---------------------------------------------------------------- modeled errors

ERROR_CASES = [
    (name, error)
    for name in model_cases.OPERATIONS
    for error in SERVICE_MODEL.operation_model(name).error_shapes
]


@pytest.mark.parametrize("operation,error", ERROR_CASES, ids=lambda v: getattr(v, "name", v))
def test_modeled_error_is_raised_as_its_class(operation, error, server, ivs, fresh_arn):
    """Each error the model declares for an operation reaches boto3 as its modeled class."""
    code = error.metadata["error"]["httpStatusCode"]
    server.inject_fault({"operation": operation, "errorType": error.name, "status": code, "message": "injected"})
    base = next(c for c in GENERATED.cases if c.operation == operation and c.constraint == "base")
    with pytest.raises(getattr(ivs.exceptions, error.name)) as raised:
        call(ivs, operation, with_arn(base.params, fresh_arn))
    assert status(raised.value.response) == code
    assert raised.value.response["Error"]["Message"] == "injected"


def base_names_a_resource(operation: str) -> bool:
    """Whether the operation's base request names an IVS resource (a stand-in): those answer
    ResourceNotFoundException for the stand-ins. CreateAdConfiguration's not-found is about
    MediaTailor, which ivs-local takes as given."""
    base = next(c for c in GENERATED.cases if c.operation == operation and c.constraint == "base")
    return f"/{EXISTING_ID}" in json.dumps(base.params)


NOT_FOUND_OPERATIONS = [
    name
    for name in model_cases.OPERATIONS
    if any(e.name == "ResourceNotFoundException" for e in SERVICE_MODEL.operation_model(name).error_shapes)
    and base_names_a_resource(name)
]


@pytest.mark.parametrize("operation", NOT_FOUND_OPERATIONS)
def test_unknown_resources_are_resource_not_found(operation, ivs):
    base = next(c for c in GENERATED.cases if c.operation == operation and c.constraint == "base")
    with pytest.raises(ivs.exceptions.ResourceNotFoundException) as raised:
        call(ivs, operation, base.params)  # the stand-ins name no resource
    assert status(raised.value.response) == 404
    assert f"/{EXISTING_ID}" in raised.value.response["Error"]["Message"]


def test_deleting_a_configuration_in_use_is_a_conflict(ivs):
    with pytest.raises(ivs.exceptions.ConflictException) as raised:
        ivs.delete_recording_configuration(arn=IN_USE_ARN)
    assert status(raised.value.response) == 409


def test_deleting_a_configuration_a_channel_uses_is_a_conflict_until_the_channel_lets_go(ivs, fresh_arn):
    recording = fresh_arn["recording-configuration"]
    channel = ivs.create_channel(recordingConfigurationArn=recording)["channel"]["arn"]
    with pytest.raises(ivs.exceptions.ConflictException):
        ivs.delete_recording_configuration(arn=recording)
    ivs.update_channel(arn=channel, recordingConfigurationArn="")
    ivs.delete_recording_configuration(arn=recording)


def test_deleting_a_policy_a_channel_uses_is_a_conflict_until_the_channel_lets_go(ivs, fresh_arn):
    policy = fresh_arn["playback-restriction-policy"]
    channel = ivs.create_channel(playbackRestrictionPolicyArn=policy)["channel"]["arn"]
    with pytest.raises(ivs.exceptions.ConflictException) as raised:
        ivs.delete_playback_restriction_policy(arn=policy)
    assert status(raised.value.response) == 409
    ivs.update_channel(arn=channel, playbackRestrictionPolicyArn="")
    ivs.delete_playback_restriction_policy(arn=policy)


def test_list_channels_refuses_two_filters_as_a_conflict(ivs, fresh_arn):
    with pytest.raises(ivs.exceptions.ConflictException) as raised:
        ivs.list_channels(filterByName="conformance", filterByRecordingConfigurationArn=fresh_arn["recording-configuration"])
    assert status(raised.value.response) == 409


def test_a_second_stream_key_of_a_channel_exceeds_the_quota(ivs):
    made = ivs.create_channel(name="one-key")
    with pytest.raises(ivs.exceptions.ServiceQuotaExceededException) as raised:
        ivs.create_stream_key(channelArn=made["channel"]["arn"])
    assert status(raised.value.response) == 402
    ivs.delete_stream_key(arn=made["streamKey"]["arn"])
    again = ivs.create_stream_key(channelArn=made["channel"]["arn"])["streamKey"]
    assert again["channelArn"] == made["channel"]["arn"]


def test_keys_other_than_p384_are_validation_errors():
    rsa = (model_cases.pathlib.Path(model_cases.__file__).resolve().parent.parent / "tests" / "data" / "rsa-2048.pem")
    small = IvsLocal()
    try:
        client = small.client()
        with pytest.raises(client.exceptions.ValidationException) as raised:
            client.import_playback_key_pair(publicKeyMaterial=rsa.read_text())
        assert "publicKeyMaterial" in raised.value.response["Error"]["Message"]
        for _ in range(3):
            client.import_playback_key_pair(publicKeyMaterial=model_cases.KEY_MATERIAL)
        with pytest.raises(client.exceptions.ServiceQuotaExceededException):
            client.import_playback_key_pair(publicKeyMaterial=model_cases.KEY_MATERIAL)
    finally:
        small.stop()


def test_creating_beyond_the_quota_is_service_quota_exceeded():
    small = IvsLocal("--quota", "1")
    try:
        client = small.client()
        client.create_recording_configuration(destinationConfiguration={"s3": {"bucketName": "one"}})
        with pytest.raises(client.exceptions.ServiceQuotaExceededException) as raised:
            client.create_recording_configuration(destinationConfiguration={"s3": {"bucketName": "two"}})
        assert status(raised.value.response) == 402
    finally:
        small.stop()


# ---------------------------------------------------------------- paginators

PAGINATOR_MODEL = botocore.session.get_session().get_paginator_model("ivs")


def has_paginator(operation: str) -> bool:
    try:
        PAGINATOR_MODEL.get_paginator(operation)
        return True
    except ValueError:
        return False


PAGINATED = [name for name in model_cases.OPERATIONS if has_paginator(name)]


def _recording_configurations(client):
    made = [
        client.create_recording_configuration(name=f"page-{i}", destinationConfiguration={"s3": {"bucketName": "pages"}})
        for i in range(7)
    ]
    return {}, [m["recordingConfiguration"]["arn"] for m in made]


def _channels(client):
    return {}, [client.create_channel(name=f"page-{i}")["channel"]["arn"] for i in range(7)]


def _playback_key_pairs(client):
    # AWS's quota is 3 per region: 3 pairs make two pages of 2.
    made = [client.import_playback_key_pair(publicKeyMaterial=model_cases.KEY_MATERIAL) for _ in range(3)]
    return {}, [m["keyPair"]["arn"] for m in made]


def _ad_configurations(client):
    tailor = "arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/pages"
    made = [
        client.create_ad_configuration(name=f"page-{i}", mediaTailorPlaybackConfigurations=[{"playbackConfigurationArn": tailor}])
        for i in range(5)
    ]
    return {}, [m["adConfiguration"]["arn"] for m in made]


def _failover_slate_configurations(client):
    made = [client.create_failover_slate_configuration(name=f"page-{i}") for i in range(5)]
    return {}, [m["failoverSlateConfiguration"]["arn"] for m in made]


def _stream_keys(client):
    # One key per channel (CreateChannel makes it): a channel's list is one item.
    made = client.create_channel(name="keys")
    return {"channelArn": made["channel"]["arn"]}, [made["streamKey"]["arn"]]


def _streams(client):
    channels = [client.create_channel(name=f"live-{i}")["channel"]["arn"] for i in range(5)]
    for arn in channels:
        go_live(client, arn)
    return {}, channels


# How to fill each paginated list: its parameters and the identifiers it must then list, in
# order (ARNs; a stream is known by its channel's).
FILLERS = {
    "ListRecordingConfigurations": _recording_configurations,
    "ListChannels": _channels,
    "ListStreamKeys": _stream_keys,
    "ListPlaybackKeyPairs": _playback_key_pairs,
    "ListAdConfigurations": _ad_configurations,
    "ListFailoverSlateConfigurations": _failover_slate_configurations,
    "ListStreams": _streams,
}
# The member that identifies a list item, when it is not `arn`.
ITEM_KEYS = {"ListStreams": "channelArn"}


def test_every_paginated_operation_has_a_filler():
    assert set(PAGINATED) <= set(FILLERS), set(PAGINATED) - set(FILLERS)


@pytest.mark.parametrize("operation", PAGINATED)
def test_paginator_visits_every_item_once_in_order(operation, server):
    # A region of its own: only what this test creates is there.
    client = server.client(f"ap-northeast-{PAGINATED.index(operation) + 1}")
    params, created = FILLERS[operation](client)
    paginator = client.get_paginator(method_name(operation))
    result_key = paginator.result_keys[0].expression
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}, **params))
    key = ITEM_KEYS.get(operation, "arn")
    seen = [item[key] for page in pages for item in page[result_key]]
    assert seen == created
    sizes = [min(2, len(created) - 2 * i) for i in range((len(created) + 1) // 2)]
    assert [len(page[result_key]) for page in pages] == sizes


# ---------------------------------------------------------------- the AWS CLI


# What the AWS CLI's own model has of each operation's input. awscli 1.x bundles its own copy
# of botocore, which may be older than the botocore the suite pins; it refuses parameters its
# model lacks before sending anything. Asked in a process of its own: in this one, the pinned
# botocore's data would answer instead.
CLI_MEMBERS = json.loads(
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys\n"
            "from awscli.clidriver import create_clidriver\n"
            "model = create_clidriver().session.get_service_model('ivs')\n"
            "names = set(model.operation_names)\n"
            "json.dump({op: list(model.operation_model(op).input_shape.members) for op in sys.argv[1:] if op in names}, sys.stdout)\n",
            *model_cases.OPERATIONS,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
)


# Operations the CLI's bundled model has (awscli may lag behind the pinned botocore: e.g. the
# failover slate operations); the others are left to boto3's cases.
CLI_OPERATIONS = [name for name in model_cases.OPERATIONS if name in CLI_MEMBERS]


def known_to_cli(operation: str, params: dict) -> dict:
    """`params` without the top-level members the CLI's model does not have yet."""
    return {name: value for name, value in params.items() if name in CLI_MEMBERS[operation]}


def aws_cli(server, operation: str, params: dict) -> subprocess.CompletedProcess:
    params = known_to_cli(operation, params)
    command = [
        sys.executable, "-m", "awscli", "ivs", model_cases.cli_name(operation),
        "--cli-input-json", json.dumps(params),
        "--endpoint-url", server.endpoint, "--region", REGION, "--output", "json",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=os.environ.copy())


@pytest.mark.parametrize("operation", CLI_OPERATIONS)
def test_aws_cli_runs_the_operation(operation, server, fresh_arn):
    base = next(c for c in GENERATED.cases if c.operation == operation and c.constraint == "base")
    result = aws_cli(server, operation, with_arn(base.params, fresh_arn))
    assert result.returncode == 0, result.stderr
    output_shape = SERVICE_MODEL.operation_model(operation).output_shape
    if result.stdout.strip():
        output = json.loads(result.stdout)
        members = set(output_shape.members) if output_shape else set()
        assert set(output) <= members, (output, members)
        assert set(output_shape.required_members) <= set(output)


@pytest.mark.parametrize("operation", CLI_OPERATIONS)
def test_aws_cli_reports_validation_errors(operation, server, fresh_arn):
    case = next(
        c
        for c in GENERATED.cases
        if c.operation == operation and c.violating and c.path.split(".")[0] in CLI_MEMBERS[operation]
    )
    result = aws_cli(server, operation, with_arn(case.params, fresh_arn))
    assert result.returncode != 0
    assert f"An error occurred (ValidationException) when calling the {operation} operation" in result.stderr
    assert f"at '{case.path}'" in result.stderr


# ---------------------------------------------------------------- create delay


def test_create_delay_shows_creating_then_active():
    delayed = IvsLocal("--create-delay", "1s")
    try:
        client = delayed.client()
        started = time.monotonic()
        created = client.create_recording_configuration(destinationConfiguration={"s3": {"bucketName": "slow"}})
        arn = created["recordingConfiguration"]["arn"]
        assert created["recordingConfiguration"]["state"] == "CREATING"
        assert client.get_recording_configuration(arn=arn)["recordingConfiguration"]["state"] == "CREATING"
        while client.get_recording_configuration(arn=arn)["recordingConfiguration"]["state"] != "ACTIVE":
            assert time.monotonic() - started < 20, "still CREATING after 20 s"
            time.sleep(0.05)
        assert time.monotonic() - started >= 1.0
        listed = client.list_recording_configurations()["recordingConfigurations"]
        assert [item["state"] for item in listed] == ["ACTIVE"]
    finally:
        delayed.stop()
