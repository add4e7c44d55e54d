terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every playback key pair of the region whose name starts with "demo-".
data "ivs_playback_key_pairs" "demo" {
  name_regex = "^demo-"
}

output "fingerprints" {
  value = { for pair in data.ivs_playback_key_pairs.demo.playback_key_pairs : pair.name => pair.fingerprint }
}
