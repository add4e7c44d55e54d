terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every live stream of the region: one per channel broadcasting now (none live: an empty
# list).
data "ivs_streams" "live" {}

# Only the streams whose encoders send too little; IVS filters on health itself.
data "ivs_streams" "starving" {
  health = "STARVING"
}

output "live_channels" {
  value = data.ivs_streams.live.channel_arns
}

output "viewers" {
  value = sum(concat([0], data.ivs_streams.live.streams[*].viewer_count))
}

output "starving_channels" {
  value = data.ivs_streams.starving.channel_arns
}
