terraform {
  required_providers {
    ivs = { source = "ivs-rs/ivs" }
  }
}

provider "ivs" {
  region = "us-west-2"
}

# Every ad configuration of the region, sorted by ARN.
data "ivs_ad_configurations" "all" {}

output "ad_configuration_arns" {
  value = data.ivs_ad_configurations.all.arns
}
