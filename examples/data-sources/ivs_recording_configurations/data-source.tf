terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every recording configuration of the provider's region, sorted by ARN.
data "ivs_recording_configurations" "all" {}

# Filters, all optional and combined with "and": a name pattern, states, and tags that must
# all match. Add `region = "eu-west-1"` to list another region.
data "ivs_recording_configurations" "video" {
  name_regex = "-recordings$"
  states     = ["ACTIVE"]
  tags       = { team = "video" }
}

output "all_arns" {
  value = data.ivs_recording_configurations.all.arns
}

output "video_buckets" {
  value = {
    for rc in data.ivs_recording_configurations.video.recording_configurations :
    rc.name => rc.destination_configuration.s3.bucket_name
  }
}
