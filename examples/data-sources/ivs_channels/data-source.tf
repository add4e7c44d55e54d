terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every channel of the provider's region, sorted by ARN.
data "ivs_channels" "all" {}

# Filters, all optional and combined with "and": the channels that record with this
# recording configuration, whose name matches, with these tags. Add `region = "eu-west-1"` to
# list another region.
data "ivs_channels" "recorded" {
  recording_configuration_arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"
  name_regex                  = "^demo-"
  tags                        = { team = "video" }
}

output "all_arns" {
  value = data.ivs_channels.all.arns
}

output "playback_urls" {
  value = {
    for channel in data.ivs_channels.recorded.channels : channel.name => channel.playback_url
  }
}
