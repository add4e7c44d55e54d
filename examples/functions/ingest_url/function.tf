terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

data "ivs_channel" "main" {
  arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

# What to give an encoder (OBS: Settings > Stream > Server); the stream key goes in its own
# field, from the ivs_stream_key ephemeral resource or data source.
output "rtmps_server" {
  value = provider::ivs::ingest_url(data.ivs_channel.main.ingest_endpoint, "rtmps")
}
