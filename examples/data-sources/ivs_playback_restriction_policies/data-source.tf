terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every playback restriction policy of the region tagged team = "video".
data "ivs_playback_restriction_policies" "video" {
  tags = { team = "video" }
}

output "policy_names" {
  value = [for policy in data.ivs_playback_restriction_policies.video.playback_restriction_policies : policy.name]
}
