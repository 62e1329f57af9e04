<#
    Folders and names: New-FtpLiteDirectory, Rename-FtpLiteItem, recursion, wildcards, -LiteralPath, and
    mirroring a remote tree with Get-FtpLiteItem -Recurse | Receive-FtpLiteFile.
#>
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-FtpLiteUnderTest
    Disconnect-AllFtpLite

    function Get-RelativeTree([string] $Root) {
        @(Get-ChildItem -LiteralPath $Root -Recurse -Force | ForEach-Object {
            [System.IO.Path]::GetRelativePath($Root, $_.FullName).Replace('\', '/') + $(if ($_.PSIsContainer) { '/' })
        } | Sort-Object)
    }
}

AfterAll {
    Clear-FtpLiteTestState
}

Describe 'Folders and names' {
    BeforeEach {
        $serverRoot = New-TestFolder -Prefix 'ftplite-folders-server'
        $null = New-TestFile -Path (Join-Path $serverRoot 'logs/app.log') -Length 5000 -Seed 1
        $null = New-TestFile -Path (Join-Path $serverRoot 'logs/web.log') -Length 300 -Seed 2
        $null = New-TestFile -Path (Join-Path $serverRoot 'logs/notes.txt') -Length 10 -Seed 3
        $null = New-TestFile -Path (Join-Path $serverRoot 'logs/2026/nov/deep.log') -Length 70000 -Seed 4
        $null = New-TestFile -Path (Join-Path $serverRoot 'logs/odd [1].log') -Length 11 -Seed 5
        $null = New-Item -ItemType Directory -Path (Join-Path $serverRoot 'logs/empty')
        $server = Start-TestServer -Root $serverRoot
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
        $local = New-TestFolder -Prefix 'ftplite-folders-local'
        Push-Location $local
    }

    AfterEach {
        Pop-Location
        Disconnect-AllFtpLite
        $server | Stop-FtpLiteServer
    }

    It 'New-FtpLiteDirectory creates a directory and outputs it' {
        $item = New-FtpLiteDirectory /made -ErrorAction Stop
        $item.FullName | Should -Be '/made'
        $item.IsDirectory | Should -BeTrue
        Join-Path $serverRoot 'made' | Should -Exist
    }

    It 'New-FtpLiteDirectory refuses an existing one without -Force, and -Force creates parents' {
        New-FtpLiteDirectory /logs -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.NewFtpLiteDirectoryCommand'
        "$($failures[0])" | Should -BeLike "*remote folder '/logs' exists already. With -Force, an existing folder is no error*"
        (New-FtpLiteDirectory /a/b/c -Force -ErrorAction Stop).FullName | Should -Be '/a/b/c'
        Join-Path $serverRoot 'a/b/c' | Should -Exist
        (New-FtpLiteDirectory /logs -Force -ErrorAction Stop).FullName | Should -Be '/logs'
    }

    It 'takes \ in a typed remote path as a separator, in every cmdlet, as a Windows user means it' {
        @(Get-FtpLiteItem '\logs\*.log' -ErrorAction Stop).FullName | Sort-Object | Should -Be @('/logs/app.log', '/logs/odd [1].log', '/logs/web.log')
        (Get-FtpLiteItem '\logs\web.log' -ErrorAction Stop).FullName | Should -BeExactly '/logs/web.log'
        $file = Receive-FtpLiteFile '\logs\web.log' -Destination (Join-Path $local 'web.log') -ErrorAction Stop
        Get-TestFileHash $file.FullName | Should -Be (Get-TestFileHash (Join-Path $serverRoot 'logs/web.log'))
        (Send-FtpLiteFile -LiteralPath $file.FullName -Destination '\www\site\' -ErrorAction Stop).FullName | Should -BeExactly '/www/site/web.log'
        (New-FtpLiteDirectory '\www\new' -ErrorAction Stop).FullName | Should -BeExactly '/www/new'
        Rename-FtpLiteItem '\www\site\web.log' -NewName '\www\new\moved.log' -ErrorAction Stop
        (Get-FtpLiteFileHash '\www\new\moved.log' -ErrorAction Stop).Path | Should -BeExactly '/www/new/moved.log'
        Remove-FtpLiteItem '\www\site' -ErrorAction Stop

        Get-RelativeTree (Join-Path $serverRoot 'www') | Should -Be @('new/', 'new/moved.log')
    }

    It 'New-FtpLiteDirectory says a file is in the way, with or without -Force' {
        $null = New-TestFile -Path (Join-Path $serverRoot 'in-the-way') -Length 2
        New-FtpLiteDirectory /in-the-way -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.NewFtpLiteDirectoryCommand'
        "$($failures[0])" | Should -BeLike "*remote file '/in-the-way' exists already where the folder would go*"
        New-FtpLiteDirectory /in-the-way -Force -ErrorAction SilentlyContinue -ErrorVariable forced | Should -BeNullOrEmpty
        $forced[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.WrongItemType,FtpLite.PowerShell.Cmdlets.NewFtpLiteDirectoryCommand'
        "$($forced[0])" | Should -BeLike "*'/in-the-way' is a file, not a directory*"
    }

    It 'New-FtpLiteDirectory -WhatIf creates nothing' {
        New-FtpLiteDirectory /ghost -WhatIf
        Join-Path $serverRoot 'ghost' | Should -Not -Exist
    }

    It 'Rename-FtpLiteItem renames in place and moves with a path' {
        (Rename-FtpLiteItem /logs/notes.txt readme.txt -PassThru -ErrorAction Stop).FullName | Should -Be '/logs/readme.txt'
        Join-Path $serverRoot 'logs/readme.txt' | Should -Exist
        Join-Path $serverRoot 'logs/notes.txt' | Should -Not -Exist
        Rename-FtpLiteItem /logs/readme.txt /moved.txt -ErrorAction Stop
        Join-Path $serverRoot 'moved.txt' | Should -Exist
    }

    It 'Rename-FtpLiteItem will not replace an existing item without -Force' {
        Rename-FtpLiteItem /logs/web.log app.log -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DestinationExists,FtpLite.PowerShell.Cmdlets.RenameFtpLiteItemCommand'
        (Get-Item (Join-Path $serverRoot 'logs/app.log')).Length | Should -Be 5000
        Rename-FtpLiteItem /logs/web.log app.log -Force -ErrorAction Stop
        (Get-Item (Join-Path $serverRoot 'logs/app.log')).Length | Should -Be 300
    }

    It 'Rename-FtpLiteItem binds from Get-FtpLiteItem output and honours -WhatIf' {
        Get-FtpLiteItem /logs/web.log | Rename-FtpLiteItem -NewName web.old -WhatIf
        Join-Path $serverRoot 'logs/web.log' | Should -Exist
        Get-FtpLiteItem /logs/web.log | Rename-FtpLiteItem -NewName web.old
        Join-Path $serverRoot 'logs/web.old' | Should -Exist
    }

    It 'Get-FtpLiteItem -Recurse lists the whole tree with relative paths' {
        $items = Get-FtpLiteItem /logs -Recurse -ErrorAction Stop
        @($items.RelativePath | Sort-Object) | Should -Be @('2026', '2026/nov', '2026/nov/deep.log', 'app.log', 'empty', 'notes.txt', 'odd [1].log', 'web.log')
        ($items | Where-Object RelativePath -eq '2026/nov/deep.log').FullName | Should -Be '/logs/2026/nov/deep.log'
    }

    It 'Get-FtpLiteItem -Recurse stops with FtpLite.TreeTooLarge past -MaxEntries' {
        $items = Get-FtpLiteItem /logs -Recurse -MaxEntries 3 -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.TreeTooLarge,FtpLite.PowerShell.Cmdlets.GetFtpLiteItemCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        @($items) | Should -HaveCount 0
    }

    It 'Get-FtpLiteItem -Depth limits the walk' {
        @((Get-FtpLiteItem /logs -Depth 0).RelativePath | Sort-Object) | Should -Be @('2026', 'app.log', 'empty', 'notes.txt', 'odd [1].log', 'web.log')
        @((Get-FtpLiteItem /logs -Depth 1).RelativePath) | Should -Contain '2026/nov'
        @((Get-FtpLiteItem /logs -Depth 1).RelativePath) | Should -Not -Contain '2026/nov/deep.log'
    }

    It 'expands wildcards in a remote -Path, and matches nothing silently' {
        @((Get-FtpLiteItem /logs/*.log).Name | Sort-Object) | Should -Be @('app.log', 'odd [1].log', 'web.log')
        @(Get-FtpLiteItem /logs/*.nothing -ErrorVariable failures) | Should -HaveCount 0
        $failures | Should -HaveCount 0
    }

    It 'takes names with wildcard characters literally with -LiteralPath' {
        (Get-FtpLiteItem -LiteralPath '/logs/odd [1].log').Length | Should -Be 11
        $null = Receive-FtpLiteFile -LiteralPath '/logs/odd [1].log' -ErrorAction Stop
        (Get-Item -LiteralPath (Join-Path $local 'odd [1].log')).Length | Should -Be 11
    }

    It 'Receive-FtpLiteFile with a wildcard downloads every match' {
        $files = Receive-FtpLiteFile /logs/*.log -Destination ./w -ErrorAction Stop
        @($files.Name | Sort-Object) | Should -Be @('app.log', 'odd [1].log', 'web.log')
    }

    It 'Remove-FtpLiteItem with a wildcard deletes every match and nothing else' {
        Remove-FtpLiteItem /logs/*.log -ErrorAction Stop
        @(Get-ChildItem (Join-Path $serverRoot 'logs') -File).Name | Should -Be @('notes.txt')
    }

    It 'mirrors a tree: Get-FtpLiteItem -Recurse | Receive-FtpLiteFile -Destination' {
        $null = Get-FtpLiteItem /logs -Recurse | Receive-FtpLiteFile -Destination ./logs -ErrorAction Stop
        Get-RelativeTree (Join-Path $local 'logs') | Should -Be (Get-RelativeTree (Join-Path $serverRoot 'logs'))
        Get-TestFileHash (Join-Path $local 'logs/2026/nov/deep.log') | Should -Be (Get-TestFileHash (Join-Path $serverRoot 'logs/2026/nov/deep.log'))
    }

    It 'Receive-FtpLiteFile -Recurse copies a folder below an existing destination' {
        $null = New-Item -ItemType Directory ./into
        $null = Receive-FtpLiteFile /logs -Recurse -Destination ./into -ErrorAction Stop
        Get-RelativeTree (Join-Path $local 'into/logs') | Should -Be (Get-RelativeTree (Join-Path $serverRoot 'logs'))
    }

    It 'Receive-FtpLiteFile of a folder without -Recurse is an error' {
        Receive-FtpLiteFile /logs -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.WrongItemType,FtpLite.PowerShell.Cmdlets.ReceiveFtpLiteFileCommand'
    }

    It 'Send-FtpLiteFile -Recurse uploads a local tree and keeps the layout' {
        $null = Receive-FtpLiteFile /logs -Recurse -Destination ./tree -ErrorAction Stop
        $null = Send-FtpLiteFile ./tree -Recurse -Destination /copy -ErrorAction Stop
        Get-RelativeTree (Join-Path $serverRoot 'copy') | Should -Be (Get-RelativeTree (Join-Path $serverRoot 'logs'))
    }

    It 'Send-FtpLiteFile of a folder without -Recurse is an error' {
        $null = New-Item -ItemType Directory ./dir
        Send-FtpLiteFile ./dir -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.LocalItemIsDirectory,FtpLite.PowerShell.Cmdlets.SendFtpLiteFileCommand'
    }

    It 'Send-FtpLiteFile creates a missing destination folder given with a trailing /' {
        $null = New-TestFile -Path (Join-Path $local 'one.txt') -Length 3
        (Send-FtpLiteFile ./one.txt -Destination /new/place/ -ErrorAction Stop).FullName | Should -Be '/new/place/one.txt'
        Join-Path $serverRoot 'new/place/one.txt' | Should -Exist
    }

    It 'Remove-FtpLiteItem refuses a full folder without -Recurse with its own error id' {
        Remove-FtpLiteItem /logs -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'FtpLite.DirectoryNotEmpty,FtpLite.PowerShell.Cmdlets.RemoveFtpLiteItemCommand'
        Join-Path $serverRoot 'logs/app.log' | Should -Exist
    }
}

Describe 'Piped items are taken literally' {
    BeforeAll {
        $serverRoot = New-TestFolder -Prefix 'ftplite-literal-server'
        $null = New-TestFile -Path (Join-Path $serverRoot 'a[1].txt') -Length 5 -Seed 1
        $null = New-TestFile -Path (Join-Path $serverRoot 'a1.txt') -Length 7 -Seed 2
        $server = Start-TestServer -Root $serverRoot
        $session = Connect-FtpLite -Port $server.Port -ErrorAction Stop
    }

    It 'Get-FtpLiteItem "a[1].txt" | Remove-FtpLiteItem deletes a[1].txt, never a1.txt' {
        Get-FtpLiteItem -LiteralPath '/a[1].txt' | Remove-FtpLiteItem -ErrorAction Stop
        Join-Path $serverRoot 'a1.txt' | Should -Exist
        Test-Path -LiteralPath (Join-Path $serverRoot 'a[1].txt') | Should -BeFalse
    }
}
