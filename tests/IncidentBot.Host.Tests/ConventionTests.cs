using System.CodeDom.Compiler;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using IncidentBot.Core.Commands;

namespace IncidentBot.Host.Tests;

/// <summary>STYLE #13: the conventions, checked by reflection over the src assemblies rather than by review.</summary>
public sealed class ConventionTests
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Assembly[] Sources = LoadSourceAssemblies();

    [Fact]
    public void The_src_assemblies_are_all_checked()
    {
        var names = Sources.Select(a => a.GetName().Name).ToList();

        names.ShouldContain(name => name == "IncidentBot.Core");
        names.ShouldContain(name => name == "IncidentBot.Host");
        names.ShouldContain(name => name == "IncidentBot.Storage");
        names.ShouldNotContain(name => name!.EndsWith(".Tests", StringComparison.Ordinal) || name.EndsWith(".TestKit", StringComparison.Ordinal));
    }

    [Fact]
    public void No_method_is_async_void()
    {
        var offenders = Sources.SelectMany(AllTypes).SelectMany(AsyncVoidMethods).ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void Every_async_method_takes_a_cancellation_token_last()
    {
        var offenders = Sources.SelectMany(AllTypes).SelectMany(MethodsMissingToken).ToList();

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void The_checks_catch_what_they_are_for()
    {
        MethodsMissingToken(typeof(Samples)).ShouldBe(
            [$"{typeof(Samples).FullName}.{nameof(Samples.NoTokenAsync)}", $"{typeof(Samples).FullName}.{nameof(Samples.TokenFirstAsync)}", $"{typeof(Samples).FullName}.{nameof(Samples.StreamAsync)}"],
            ignoreOrder: true);
        AsyncVoidMethods(typeof(Samples)).ShouldBe([$"{typeof(Samples).FullName}.{nameof(Samples.FireAndForget)}"]);
        MethodsMissingToken(typeof(FrameworkShaped)).ShouldBeEmpty();
    }

    [Fact]
    public void Core_references_no_web_storage_scheduling_http_or_json_assembly()
    {
        string[] forbidden = ["Microsoft.AspNetCore", "Dapper", "Quartz", "Npgsql", "Microsoft.Data.Sqlite", "System.Net.Http", "System.Text.Json"];

        var references = typeof(CommandService).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.Where(name => forbidden.Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal)))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Chat_adapters_reference_neither_each_other_nor_storage()
    {
        // Vacuous until the Slack and Teams adapters are merged; then the host references them and they are checked.
        string[] adapters = ["IncidentBot.Slack", "IncidentBot.Teams"];
        foreach (var adapter in Sources.Where(a => adapters.Contains(a.GetName().Name)))
        {
            var references = adapter.GetReferencedAssemblies().Select(a => a.Name).ToList();
            references.ShouldNotContain(name => name == "IncidentBot.Storage", adapter.GetName().Name);
            references.Where(name => adapters.Contains(name) && name != adapter.GetName().Name).ShouldBeEmpty(adapter.GetName().Name);
        }
    }

    [Fact]
    public void Every_key_an_options_class_binds_is_documented_in_appsettings_example()
    {
        var documented = DocumentedKeys();
        var optionsTypes = Sources.SelectMany(AllTypes).Where(t => SectionOf(t) is not null).ToList();

        optionsTypes.ShouldContain(t => t.Name == "IncidentOptions");
        optionsTypes.ShouldContain(t => t.Name == "SandboxOptions");
        var missing = optionsTypes
            .SelectMany(t => BoundKeys(SectionOf(t)!, t))
            .Where(key => !documented.Contains(key) && !documented.Contains(key + ":0"))
            .ToList();
        missing.ShouldBeEmpty($"appsettings.example.json at the repository root should document: {string.Join(", ", missing)}");
    }

    private static Assembly[] LoadSourceAssemblies()
    {
        // Every IncidentBot.* assembly copied next to the tests, whether or not the host uses a type from it yet.
        var names = Directory.EnumerateFiles(AppContext.BaseDirectory, "IncidentBot.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !name!.EndsWith(".Tests", StringComparison.Ordinal) && !name.EndsWith(".TestKit", StringComparison.Ordinal))
            .Append(typeof(Program).Assembly.GetName().Name);
        return [.. names.Distinct(StringComparer.Ordinal).Select(name => Assembly.Load(name!)).OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<Type> AllTypes(Assembly assembly) => assembly.GetTypes();

    private static IEnumerable<string> AsyncVoidMethods(Type type) =>
        type.GetMethods(Declared)
            .Where(m => m.ReturnType == typeof(void) && m.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
            .Select(Name);

    /// <summary>
    /// Public and internal methods returning Task, ValueTask or IAsyncEnumerable must end with a CancellationToken.
    /// Left out: compiler-generated code (lambdas, state machines, top-level Main), source-generated code,
    /// property accessors and operators, delegates, and members whose shape a framework type fixes
    /// (overrides of a base class and implementations of an interface from outside IncidentBot, such as
    /// <c>IEndpointFilter.InvokeAsync</c> or <c>IResult.ExecuteAsync</c>).
    /// </summary>
    private static IEnumerable<string> MethodsMissingToken(Type type)
    {
        if (IsGenerated(type) || typeof(Delegate).IsAssignableFrom(type))
        {
            return [];
        }

        return type.GetMethods(Declared)
            .Where(m => m.IsPublic || m.IsAssembly || m.IsFamilyOrAssembly)
            .Where(m => !m.IsSpecialName && !IsGenerated(m))
            .Where(m => IsAsync(m.ReturnType))
            .Where(m => !ShapedByFramework(m))
            .Where(m => m.GetParameters() is not [.., { ParameterType: var last }] || last != typeof(CancellationToken))
            .Select(Name);
    }

    private static bool IsAsync(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return true;
        }

        if (!returnType.IsGenericType)
        {
            return false;
        }

        var definition = returnType.GetGenericTypeDefinition();
        return definition == typeof(Task<>) || definition == typeof(ValueTask<>) || definition == typeof(IAsyncEnumerable<>);
    }

    private static bool IsGenerated(MemberInfo member)
    {
        for (var current = member; current is not null; current = current.DeclaringType)
        {
            if (current.Name.Contains('<', StringComparison.Ordinal)
                || current.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
                || current.IsDefined(typeof(GeneratedCodeAttribute), inherit: false))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ShapedByFramework(MethodInfo method)
    {
        var baseDefinition = method.GetBaseDefinition();
        if (baseDefinition.DeclaringType != method.DeclaringType && !IsOurs(baseDefinition.DeclaringType!.Assembly))
        {
            return true;
        }

        var type = method.DeclaringType!;
        if (type.IsInterface)
        {
            return false;
        }

        foreach (var contract in type.GetInterfaces().Where(i => !IsOurs(i.Assembly)))
        {
            var map = type.GetInterfaceMap(contract);
            if (map.TargetMethods.Contains(method))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOurs(Assembly assembly) =>
        assembly.GetName().Name!.StartsWith("IncidentBot.", StringComparison.Ordinal);

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";

    /// <summary>Options classes say which section they bind with a <c>const string SectionName</c>.</summary>
    private static string? SectionOf(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;

    private static IEnumerable<string> BoundKeys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            var key = prefix + ":" + property.Name;
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsLeaf(valueType))
            {
                yield return key;
            }
            else
            {
                foreach (var nested in BoundKeys(key, valueType))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid) || type == typeof(Uri)
        || typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static HashSet<string> DocumentedKeys()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IncidentBot.sln")))
        {
            directory = directory.Parent;
        }

        directory.ShouldNotBeNull("the repository root (with IncidentBot.sln) is above the test output");
        var json = File.ReadAllText(Path.Combine(directory.FullName, "appsettings.example.json"));
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Flatten(document.RootElement, prefix: null, keys);
        return keys;
    }

    private static void Flatten(JsonElement element, string? prefix, HashSet<string> keys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : prefix + ":" + property.Name, keys);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, prefix + ":" + index++, keys);
                }

                break;
            default:
                keys.Add(prefix!);
                break;
        }
    }

#pragma warning disable CA1068, CA1822, MA0147, RCS1163, IDE0051, IDE0060 // Samples of what the checks must catch or allow.
    private sealed class Samples
    {
        public Task NoTokenAsync() => Task.CompletedTask;

        public Task TokenFirstAsync(CancellationToken cancellationToken, int count) => Task.Delay(count, cancellationToken);

        public Task<int> FineAsync(int count, CancellationToken cancellationToken = default) => Task.FromResult(count);

        internal ValueTask FineInternalAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public IAsyncEnumerable<int> StreamAsync() => AsyncEnumerable.Empty<int>();

        public async void FireAndForget() => await Task.Yield();

        public string Name { get; set; } = string.Empty;

        private Task PrivateHelperAsync() => Task.CompletedTask;
    }

    /// <summary>A framework interface fixes this shape; nothing to fix here.</summary>
    private sealed class FrameworkShaped : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
#pragma warning restore CA1068, CA1822, MA0147, RCS1163, IDE0051, IDE0060
}
