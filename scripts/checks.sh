#!/bin/sh
# The type check, the linter and the build, at once: each keeps one core busy, and one after the
# other they took a minute of a test run on a 2-core machine. Fails when any of them fails.
npm run -s typecheck & typecheck=$!
npm run -s lint & lint=$!
npm run -s build; build=$?
wait $typecheck; typecheck=$?
wait $lint; lint=$?
[ $typecheck -eq 0 ] && [ $lint -eq 0 ] && [ $build -eq 0 ]
