# The ivs provider. Every argument is optional: unset ones come from the standard AWS
# environment (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_IVS,
# AWS_MAX_ATTEMPTS, HTTPS_PROXY, AWS_CA_BUNDLE, ...) and shared files, with the same precedence
# as the hashicorp/aws provider.

terraform {
  required_providers {
    ivs = {
      source = "ivs-rs/ivs"
    }
  }
}

provider "ivs" {
  region      = "us-west-2"
  max_retries = 5

  # A named profile of ~/.aws/config:
  # profile = "video-team"

  # Reach IVS through a role of another account (the base credentials sign the STS call):
  # assume_role {
  #   role_arn     = "arn:aws:iam::123456789012:role/ivs-reader"
  #   session_name = "terraform"
  #   duration     = "1h"
  # }

  # Behind a corporate proxy with a private certificate authority:
  # https_proxy      = "http://proxy.example.com:3128"
  # no_proxy         = ".internal.example.com"
  # custom_ca_bundle = "/etc/ssl/corporate-ca.pem"

  # For offline tests against ivs-local (or set AWS_ENDPOINT_URL_IVS):
  # endpoints {
  #   ivs = "http://127.0.0.1:4566"
  # }
}

data "ivs_recording_configuration" "main" {
  arn = "arn:aws:ivs:us-west-2:123456789012:recording-configuration/AbCd1234"
}

output "recording_configuration_name" {
  value = data.ivs_recording_configuration.main.name
}
