terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# The live stream of a channel, by the channel's ARN. A channel that is not live has no
# stream, and reading it is an error: use ivs_streams to read whatever is live.
data "ivs_stream" "main" {
  channel_arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

output "stream" {
  value = {
    id           = data.ivs_stream.main.stream_id
    started      = data.ivs_stream.main.start_time
    health       = data.ivs_stream.main.health
    viewers      = data.ivs_stream.main.viewer_count
    playback_url = data.ivs_stream.main.playback_url
  }
}
