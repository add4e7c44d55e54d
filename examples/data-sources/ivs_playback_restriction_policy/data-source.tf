terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By ARN, read in the ARN's own region.
data "ivs_playback_restriction_policy" "viewers" {
  arn = "arn:aws:ivs:us-west-2:123456789012:playback-restriction-policy/PoLiCy1234"
}

# Where the channels that apply the policy may be played.
output "allowed_countries" {
  value = data.ivs_playback_restriction_policy.viewers.allowed_countries
}

output "allowed_origins" {
  value = data.ivs_playback_restriction_policy.viewers.allowed_origins
}
