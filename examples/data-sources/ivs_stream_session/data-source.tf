terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# The latest stream session of a channel, live or ended (set stream_id to read another).
# A channel that has never been live has no session, and reading one is an error.
data "ivs_stream_session" "latest" {
  channel_arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

output "session" {
  value = {
    stream_id = data.ivs_stream_session.latest.stream_id
    started   = data.ivs_stream_session.latest.start_time
    live      = data.ivs_stream_session.latest.end_time == null
    video     = data.ivs_stream_session.latest.ingest_configuration.video.codec
    recorded  = data.ivs_stream_session.latest.recording_configuration != null
    events    = data.ivs_stream_session.latest.truncated_events[*].name
  }
}
