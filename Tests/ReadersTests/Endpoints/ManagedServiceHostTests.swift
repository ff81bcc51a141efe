import Testing

@testable import Readers

/// Azure's and Google Cloud's application and data services by their default host names:
/// placed by region when the name carries one, else known by provider and service, with the
/// region left to a Terraform declaration (a note says so).
@Suite struct ManagedServiceHostTests {
    let classifier = EndpointClassifier()

    func place(_ url: String) -> String? {
        classifier.classify(url).map { "\($0.provider ?? "-")/\($0.region ?? ($0.isGlobal ? "global" : "?"))/\($0.service)" }
    }

    @Test func azure() {
        #expect(place("https://shop-api.azurewebsites.net/v1") == "azure/?/appservice")
        #expect(place("https://shop-api.scm.azurewebsites.net") == "azure/?/appservice")
        #expect(place("https://shop-api-abc123.westeurope-01.azurewebsites.net") == "azure/westeurope/appservice")
        #expect(place("https://shop.azurefd.net/") == "azure/global/frontdoor")
        #expect(place("https://acme-fe-abcdefghijk.z01.azurefd.net") == "azure/global/frontdoor")
        #expect(place("shop.database.windows.net") == "azure/?/sql")
        #expect(place("https://shop.servicebus.windows.net") == "azure/?/servicebus")
        #expect(place("shop.redis.cache.windows.net:6380") == "azure/?/redis")
        #expect(place("https://shop.vault.azure.net/") == "azure/?/keyvault")
        #expect(place("https://shop.documents.azure.com:443/") == "azure/?/cosmosdb")
        #expect(place("https://shop-eastus2.documents.azure.com:443/") == "azure/eastus2/cosmosdb")
        // Not a service's shape.
        #expect(place("https://a.b.shop.azurewebsites.net") == nil)
        #expect(place("https://database.windows.net") == nil)
    }

    @Test func gcp() {
        #expect(place("https://us-central1-shop-prod.cloudfunctions.net/checkout") == "gcp/us-central1/cloudfunctions")
        #expect(place("https://europe-west1-shop.cloudfunctions.net/x") == "gcp/europe-west1/cloudfunctions")
        #expect(place("https://nowhere1-shop.cloudfunctions.net/x") == nil)
        #expect(place("https://api-123456789012.europe-west1.run.app") == "gcp/europe-west1/cloudrun")
        #expect(place("https://api-abc123xyz-uc.a.run.app") == "gcp/?/cloudrun")
        #expect(place("https://shop-prod.appspot.com") == "gcp/?/appengine")
        #expect(place("https://shop-prod.uc.r.appspot.com") == "gcp/?/appengine")
    }
}
