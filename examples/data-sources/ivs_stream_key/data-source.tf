terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# By the channel's ARN: its one stream key (a channel with several is an error that lists
# them; then read by `arn`).
data "ivs_stream_key" "main" {
  channel_arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

# By ARN, as another data source or resource gives it.
data "ivs_stream_key" "by_arn" {
  arn = data.ivs_stream_key.main.arn
}

# The value lets anyone stream to the channel: it is sensitive, but a data source keeps it in
# the state, so guard the state as the key itself.
output "stream_key" {
  value     = data.ivs_stream_key.by_arn.value
  sensitive = true
}
