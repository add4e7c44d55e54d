terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every part of an IVS ARN, checked: a malformed one is an error on the argument.
output "channel" {
  value = provider::ivs::arn_parse("arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234")
}

# One part, e.g. the region of a channel a data source read.
data "ivs_channel" "main" {
  arn = "arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234"
}

output "channel_account" {
  value = provider::ivs::arn_parse(data.ivs_channel.main.arn).account
}
