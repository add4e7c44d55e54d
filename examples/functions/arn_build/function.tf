terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# The service follows from the resource type: "ivs" here...
output "stream_key_arn" {
  value = provider::ivs::arn_build("aws", "us-west-2", "123456789012", "stream-key", "AbCdEfGh1234")
}

# ...and "ivschat" for a chat room.
output "room_arn" {
  value = provider::ivs::arn_build("aws", "eu-west-1", "123456789012", "room", "Room1")
}

# The ARN of the same resource type in another region, from one that is known.
output "channel_in_another_region" {
  value = provider::ivs::arn_build(
    provider::ivs::arn_parse("arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234").partition,
    "eu-west-1",
    provider::ivs::arn_parse("arn:aws:ivs:us-west-2:123456789012:channel/AbCdEfGh1234").account,
    "channel",
    "AbCdEfGh1234",
  )
}
