#!/usr/bin/env bash
# The demo: builds the provider and ivs-local (the static release build, as shipped), starts
# ivs-local on 127.0.0.1 with seed.json, runs `terraform apply` on this example reading the
# seeded recording configuration, prints it, and stops the endpoint. Needs only cargo and
# terraform; talks only to 127.0.0.1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

# `cargo xtask build` prints the directory of the static release binaries.
bin=$(cargo xtask build)

work=$(mktemp -d)
endpoint_pid=""
cleanup() {
  if [[ -n $endpoint_pid ]]; then kill "$endpoint_pid" 2>/dev/null || true; wait "$endpoint_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The local IVS endpoint, on a free port; its first stdout line says where it listens.
mkfifo "$work/endpoint.out"
"$bin/ivs-local" --port 0 --seed "$here/seed.json" --quiet >"$work/endpoint.out" &
endpoint_pid=$!
exec 3<"$work/endpoint.out"
read -r -t 30 first_line <&3
endpoint=${first_line#listening on }
echo "ivs-local: $endpoint (seeded from examples/demo/seed.json)"

# Terraform loads this build of the provider (no registry), and everything stays on 127.0.0.1.
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "ivs-rs/ivs" = "$bin"
  }
  direct {}
}
TFRC
cp "$here/main.tf" "$work/"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_IVS AWS_REGION

terraform -chdir="$work" apply -auto-approve -input=false -var "ivs_endpoint=$endpoint"
echo
echo "recording_configuration as JSON:"
terraform -chdir="$work" output -json recording_configuration
