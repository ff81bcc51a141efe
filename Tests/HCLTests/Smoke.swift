import Testing
import HCL

@Test func smoke() {
    let r = NativeSyntax.parse("""
    a = 1 + 2 * 3
    b = "x${y}z"
    resource "aws_s3_bucket" "b" {
      bucket = var.name
      tags = { Name = "n", x: 2 }
      l = [for k, v in var.m : "${k}=${v}" if v != null]
      s = aws_instance.x[*].id
      s2 = a.*.b.c
      f = provider::aws::arn_parse("x", list...)
      h = <<-EOT
        hello
          ${name}
        %{ for x in xs ~}
        - ${x}
        %{ endfor ~}
        EOT
    }
    one { x = 1 }
    """)
    print(r.body.dump)
    print(r.diagnostics)
    #expect(r.diagnostics.isEmpty)
}
