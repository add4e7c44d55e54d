terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By name, or by `arn`.
data "ivs_ad_configuration" "ads" {
  name = "demo-ads"
}

output "media_tailor_playback_configurations" {
  value = [for c in data.ivs_ad_configuration.ads.media_tailor_playback_configurations : c.playback_configuration_arn]
}

output "post_roll_seconds" {
  value = data.ivs_ad_configuration.ads.post_roll_configuration.duration_seconds
}
