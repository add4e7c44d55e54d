terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every stream key of a channel, sorted by ARN (tags narrow them further).
data "ivs_stream_keys" "main" {
  channel_arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

output "stream_key_arns" {
  value = data.ivs_stream_keys.main.arns
}
