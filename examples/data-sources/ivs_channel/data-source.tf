terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By ARN: read in the ARN's own region, whatever the provider's `region`.
data "ivs_channel" "by_arn" {
  arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

# By name: the name must be unique in the region (the provider's, or `region = "..."`).
data "ivs_channel" "by_name" {
  name = "demo-backup"
}

# What an encoder needs: the RTMPS server URL (the stream key is set separately).
output "rtmps_server" {
  value = "rtmps://${data.ivs_channel.by_arn.ingest_endpoint}:443/app/"
}

# What a player needs.
output "playback_url" {
  value = data.ivs_channel.by_name.playback_url
}

# The SRT passphrase lets anyone with the stream key stream to the channel: it is sensitive.
output "srt_passphrase" {
  value     = data.ivs_channel.by_arn.srt.passphrase
  sensitive = true
}
