terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By name (unique in the region), or by `arn`.
data "ivs_playback_key_pair" "signing" {
  name = "demo-signing"
}

# The fingerprint tells which private key signs the playback tokens of private channels.
output "fingerprint" {
  value = data.ivs_playback_key_pair.signing.fingerprint
}
