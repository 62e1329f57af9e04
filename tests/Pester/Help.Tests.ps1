# Get-Help for every exported command of the built module, the about topic, and the drift checks of
# tools/Build-Help.ps1 (which builds that help from module/help/*.md).

BeforeDiscovery {
    $modulePath = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $PSScriptRoot '../../out/FtpLite/FtpLite.psd1' }
    $module = Import-Module $modulePath -Force -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $commands = @($module.ExportedCommands.Values | Where-Object CommandType -In 'Cmdlet', 'Function' | Sort-Object Name | ForEach-Object {
            # DontShow parameters are pipeline plumbing that help (like PowerShell's own syntax) leaves out.
            $hidden = @($_.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow } } | ForEach-Object Name)
            @{ Name = $_.Name; Parameters = @($_.Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin $hidden }) }
        })
    # The six steps of the program FtpLite grew from: CONN, UPLD, LIST, DWLD, DELF, QUIT.
    $seedCmdlets = 'Connect-FtpLite', 'Send-FtpLiteFile', 'Get-FtpLiteItem', 'Receive-FtpLiteFile', 'Remove-FtpLiteItem', 'Disconnect-FtpLite'
}

BeforeAll {
    $script:ModulePath = if ($env:FTPLITE_MODULE) { $env:FTPLITE_MODULE } else { Join-Path $PSScriptRoot '../../out/FtpLite/FtpLite.psd1' }
    Import-Module $ModulePath -Force

    # All the text of a MAML description (an array of { Text } paragraphs), or '' when there is none.
    function script:Get-HelpText($Description) {
        if ($null -eq $Description) { return '' }
        (@($Description) | ForEach-Object { if ($_.PSObject.Properties['Text']) { $_.Text } else { [string]$_ } }) -join "`n"
    }
}

Describe 'Get-Help <Name> -Full' -ForEach $commands {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
    }

    It 'comes from the MAML help file' {
        # Without a help file Get-Help makes up help from the syntax: no description, the syntax as synopsis.
        $helpFile = Join-Path (Split-Path $ModulePath) "en-US/$(Split-Path -Leaf $command.HelpFile)"
        $helpFile | Should -Exist
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo'
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Name *"
        $help.Synopsis | Should -Not -Match 'CommonParameters'
    }

    It 'has a description' {
        (Get-HelpText $help.description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes -<_>' -ForEach $Parameters {
        $parameter = @($help.parameters.parameter | Where-Object name -EQ $_)
        $parameter.Count | Should -Be 1 -Because "-$_ should appear once under PARAMETERS"
        (Get-HelpText $parameter[0].description).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'documents no parameter the command lacks' {
        $actual = @($command.Parameters.Keys)
        @($help.parameters.parameter.name | Where-Object { $_ -notin $actual }) | Should -BeNullOrEmpty
    }

    It 'shows one syntax per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'has at least two examples, each with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty -Because "'$($example.title)' should have code"
            $example.code.Trim() | Should -Not -BeNullOrEmpty -Because "'$($example.title)' should have code"
        }
    }

    It 'has examples that parse' {
        foreach ($example in @($help.examples.example)) {
            $tokens = $null
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because "'$($example.title)' should parse: $($errors.Message -join '; ')"
        }
    }

    It 'has examples that pass only parameters the commands have' {
        $moduleCommands = @{}
        Get-Command -Module (Get-Command $Name).ModuleName | ForEach-Object { $moduleCommands[$_.Name] = $_ }
        foreach ($example in @($help.examples.example)) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref]$null, [ref]$null)
            $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
            foreach ($call in $calls) {
                $target = $moduleCommands[[string]$call.GetCommandName()]
                if (-not $target) { continue }
                $known = @($target.Parameters.Values | ForEach-Object { $_.Name; $_.Aliases })
                foreach ($element in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                    $element.ParameterName | Should -BeIn $known -Because "'$($example.title)' passes it to $($target.Name)"
                }
            }
        }
    }
}

Describe 'Get-Help about_FtpLite' {
    BeforeAll {
        $about = Get-Help about_FtpLite | Out-String
    }

    It 'finds the topic' {
        $about | Should -Match 'about_FtpLite'
        $about | Should -Match 'SHORT DESCRIPTION'
    }

    It 'tours <_>' -ForEach $seedCmdlets {
        $about | Should -Match ([regex]::Escape($_))
    }

    It 'shows the total size with Measure-Object' {
        $about | Should -Match 'Get-FtpLiteItem \| Measure-Object Length -Sum'
    }

    It 'covers serving, FTPS, error ids and safety' {
        $about | Should -Match 'Start-FtpLiteServer'
        $about | Should -Match 'FTPS'
        $about | Should -Match 'FtpLite\.RemoteItemNotFound'
        $about | Should -Match 'SAFETY'
    }
}

Describe 'tools/Build-Help.ps1' {
    BeforeAll {
        $script:Converter = Join-Path $PSScriptRoot '../../tools/Build-Help.ps1'
        $script:Sources = Join-Path $PSScriptRoot '../../module/help'

        # Copies the markdown sources to a fresh folder, lets $Change edit them, runs the converter on them.
        function script:Invoke-Converter([scriptblock] $Change) {
            $source = Join-Path $TestDrive ([guid]::NewGuid())
            $output = Join-Path $TestDrive ([guid]::NewGuid())
            New-Item -ItemType Directory $source | Out-Null
            Copy-Item (Join-Path $Sources '*') $source
            if ($Change) { & $Change $source }
            & $Converter -ModulePath $ModulePath -SourcePath $source -OutputPath $output 6>$null
            $output
        }

        function script:Edit-Source([string] $Folder, [string] $Name, [string] $Pattern, [string] $Replacement) {
            $path = Join-Path $Folder $Name
            $text = Get-Content -Raw $path
            $text -match $Pattern | Should -BeTrue -Because "the test edits '$Pattern' in $Name"
            [System.IO.File]::WriteAllText($path, [regex]::Replace($text, $Pattern, $Replacement))
        }
    }

    It 'writes valid MAML with every command, and the about topic' {
        $output = Invoke-Converter
        $xml = [xml](Get-Content -Raw (Join-Path $output 'FtpLite.PowerShell.dll-Help.xml'))
        $names = @($xml.helpItems.command.details.name) | Sort-Object
        $names | Should -Be @((Get-Command -Module FtpLite).Name | Sort-Object)
        Join-Path $output 'about_FtpLite.help.txt' | Should -Exist
    }

    It 'fails when a command has no markdown file' {
        { Invoke-Converter { param($s) Remove-Item (Join-Path $s 'Get-FtpLiteItem.md') } } |
            Should -Throw '*Get-FtpLiteItem has no help*'
    }

    It 'fails when a markdown file names no command' {
        { Invoke-Converter { param($s) Copy-Item (Join-Path $s 'Get-FtpLiteItem.md') (Join-Path $s 'Get-FtpLiteThing.md') } } |
            Should -Throw '*exports no command*'
    }

    It 'fails when a parameter is undocumented' {
        { Invoke-Converter { param($s) Edit-Source $s 'Receive-FtpLiteFile.md' '(?s)### -Force\n.*?(?=### )' '' } } |
            Should -Throw '*-Force is not documented*'
    }

    It 'fails when a documented parameter does not exist' {
        { Invoke-Converter { param($s) Edit-Source $s 'Remove-FtpLiteItem.md' '### -Recurse' '### -Recursive' } } |
            Should -Throw '*-Recursive is documented but Remove-FtpLiteItem has no such parameter*'
    }

    It 'fails when a parameter has no description' {
        { Invoke-Converter { param($s) Edit-Source $s 'Stop-FtpLiteServer.md' '(?s)(### -PassThru\n).*?(?=### )' '$1' } } |
            Should -Throw '*-PassThru has no description*'
    }

    It 'fails with fewer than two examples' {
        { Invoke-Converter { param($s) Edit-Source $s 'Stop-FtpLiteServer.md' '(?s)### Example 2:.*?(?=## PARAMETERS)' '' } } |
            Should -Throw '*1 example(s); at least 2 are needed*'
    }

    It 'fails when an example does not parse' {
        { Invoke-Converter { param($s) Edit-Source $s 'Disconnect-FtpLite.md' 'Disconnect-FtpLite -Session \$a, \$b' 'Disconnect-FtpLite -Session ($a, $b' } } |
            Should -Throw '*does not parse*'
    }

    It 'fails when an example passes a parameter the command lacks' {
        { Invoke-Converter { param($s) Edit-Source $s 'Send-FtpLiteFile.md' '-Destination /logs/' '-Target /logs/' } } |
            Should -Throw '*Send-FtpLiteFile has no parameter -Target*'
    }

    It 'fails when the synopsis is empty' {
        { Invoke-Converter { param($s) Edit-Source $s 'Connect-FtpLite.md' '(?s)(## SYNOPSIS\n).*?(?=## DESCRIPTION)' '$1' } } |
            Should -Throw '*the synopsis is empty*'
    }

    It 'fails when the description is missing' {
        { Invoke-Converter { param($s) Edit-Source $s 'Connect-FtpLite.md' '(?s)## DESCRIPTION\n.*?(?=## EXAMPLES)' '' } } |
            Should -Throw "*no '## DESCRIPTION' section*"
    }

    It 'fails when OUTPUTS misses a declared output type' {
        { Invoke-Converter { param($s) Edit-Source $s 'Receive-FtpLiteFile.md' '### System.IO.FileInfo' '### System.String' } } |
            Should -Throw '*System.IO.FileInfo is not listed under*'
    }

    It 'fails when the about topic is missing' {
        { Invoke-Converter { param($s) Remove-Item (Join-Path $s 'about_FtpLite.help.txt') } } |
            Should -Throw '*no about_FtpLite.help.txt*'
    }
}
