# A hand-written configuration exercising the constructs real modules use.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_s3_bucket" "assets" {
  bucket   = "${var.prefix}-assets"
  provider = aws.west
  tags = merge(var.tags, {
    Name = "assets"
  })

  versioning {
    enabled = true
  }

  lifecycle_rule {
    id      = "expire"
    enabled = try(var.rules[0].enabled, false)
    expiration { days = 30 }
  }

  dynamic "cors_rule" {
    for_each = var.cors == null ? [] : [var.cors]
    content {
      allowed_methods = cors_rule.value.methods
      allowed_origins = [for o in cors_rule.value.origins : lower(o) if o != ""]
    }
  }
}

resource "aws_s3_bucket_policy" "assets" {
  count  = var.create ? 1 : 0
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["s3:GetObject"]
      Resource  = "${aws_s3_bucket.assets.arn}/*"
    }]
  })
}

locals {
  names   = [for b in aws_s3_bucket.assets[*] : b.id]
  by_zone = { for s in var.subnets : s.zone => s.id... }
  script  = <<-EOT
    #!/bin/sh
    echo "${var.prefix}"
  EOT
}

module "cdn" {
  source    = "./modules/cdn"
  providers = { aws = aws.west }
  origins   = local.names
}

output "bucket" {
  value       = aws_s3_bucket.assets.bucket
  description = "The bucket's name."
}
