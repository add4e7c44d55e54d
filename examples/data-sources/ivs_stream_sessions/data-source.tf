terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every stream session IVS keeps for a channel, live and ended (none: an empty list).
data "ivs_stream_sessions" "main" {
  channel_arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

output "stream_ids" {
  value = data.ivs_stream_sessions.main.stream_ids
}

# The sessions that are still live (no end time yet).
output "live" {
  value = [for s in data.ivs_stream_sessions.main.stream_sessions : s.stream_id if s.end_time == null]
}
