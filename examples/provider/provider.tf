# Every argument is optional; unset ones come from the standard AWS environment
# (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_IVS, AWS_MAX_ATTEMPTS, ...).
provider "ivs" {
  region      = "us-west-2"
  profile     = "video-team"
  max_retries = 5

  # For offline tests against ivs-local (see ivs-local/README.md).
  endpoints {
    ivs = "http://127.0.0.1:4566"
  }
}
