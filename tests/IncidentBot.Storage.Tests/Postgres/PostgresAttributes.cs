using Xunit.Abstractions;
using Xunit.Sdk;

namespace IncidentBot.Storage.Tests.Postgres;

/// <summary>A test that needs PostgreSQL: reported as skipped, never as passed, when no database is configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresTestDatabase.SkipReason;
    }
}

/// <summary>
/// Marks a test class whose inherited contract tests need PostgreSQL. The contracts' <see cref="ContractFactAttribute"/>
/// and <see cref="ContractTheoryAttribute"/> skip every test of such a class when no database is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>A contract test; skipped for <see cref="RequiresPostgresAttribute"/> classes when PostgreSQL is not configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("IncidentBot.Storage.Tests.Postgres.ContractFactDiscoverer", "IncidentBot.Storage.Tests")]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>A contract theory; skipped for <see cref="RequiresPostgresAttribute"/> classes when PostgreSQL is not configured.</summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("IncidentBot.Storage.Tests.Postgres.ContractTheoryDiscoverer", "IncidentBot.Storage.Tests")]
public sealed class ContractTheoryAttribute : TheoryAttribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        ContractSkip.For(DiagnosticMessageSink, discoveryOptions, testMethod)
        ?? base.Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        ContractSkip.For(DiagnosticMessageSink, discoveryOptions, testMethod)
        ?? base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class ContractSkip
{
    public static IEnumerable<IXunitTestCase>? For(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod)
    {
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        if (!needsPostgres || PostgresTestDatabase.SkipReason is not { } reason)
        {
            return null;
        }

        return
        [
            new XunitSkippedDataRowTestCase(
                sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason),
        ];
    }
}
